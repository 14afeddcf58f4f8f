using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.DurableTask.Engine.InMemory;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Functions.Configuration;

/// <summary>
/// Picks the storage backend when it is first resolved (settings given after the extensions were configured count):
/// in memory when DurableTask:Backend is "InMemory" or the app was started with --in-memory, Azure Storage otherwise.
/// </summary>
internal static class DurableBackend
{
    /// <summary>The setting that selects the backend: "AzureStorage" (default) or "InMemory".</summary>
    public const string BackendSetting = "DurableTask:Backend";

    /// <summary>The command-line flag --in-memory, as configuration.</summary>
    public const string InMemoryFlag = "in-memory";

    public static void Register(IServiceCollection services)
    {
        services.TryAddSingleton<InMemoryOrchestrationService>();
        services.AddSingleton<IOrchestrationService>(sp => Resolve(sp).Service);
        services.AddSingleton<IOrchestrationServiceClient>(sp => Resolve(sp).Client);
    }

    public static bool IsInMemory(IConfiguration configuration)
    {
        var backend = configuration[BackendSetting];
        if (backend is not null && !string.Equals(backend, "InMemory", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(backend, "AzureStorage", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Setting '{BackendSetting}' is '{backend}': expected 'AzureStorage' or 'InMemory'.");
        }

        return string.Equals(backend, "InMemory", StringComparison.OrdinalIgnoreCase)
            || string.Equals(configuration[InMemoryFlag], "true", StringComparison.OrdinalIgnoreCase);
    }

    private static (IOrchestrationService Service, IOrchestrationServiceClient Client) Resolve(IServiceProvider services)
    {
        if (IsInMemory(services.GetRequiredService<IConfiguration>()))
        {
            var memory = services.GetRequiredService<InMemoryOrchestrationService>();
            return (memory, memory);
        }

        return AzureStorageBackend.Resolve(services);
    }
}
