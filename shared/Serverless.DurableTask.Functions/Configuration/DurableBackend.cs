using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.Engine.InMemory;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Host.Storage;

namespace Serverless.DurableTask.Functions.Configuration;

/// <summary>
/// The storage backend, picked when it is first resolved (so settings given after the extensions were configured count):
/// in memory when DurableTask:Backend is "InMemory" or the app was started with --in-memory; otherwise Azure Storage on
/// the storageProvider connection (AzureWebJobsStorage by default), with host.json's hub, partition count and polling.
/// </summary>
internal static class DurableBackend
{
    /// <summary>The setting that selects the backend: "AzureStorage" (default) or "InMemory".</summary>
    public const string BackendSetting = "DurableTask:Backend";

    /// <summary>The command-line flag --in-memory, as configuration.</summary>
    public const string InMemoryFlag = "in-memory";

    public static void Register(IServiceCollection services)
    {
        services.AddDurableTaskAzureStorage(AzureClients);
        services.AddOptions<AzureStorageDurableOptions>().Configure<IOptions<DurableTaskOptions>>(ApplyAzureOptions);
        var azureService = Factory<IOrchestrationService>(services);
        var azureClient = Factory<IOrchestrationServiceClient>(services);

        services.TryAddSingleton<InMemoryOrchestrationService>();
        services.Replace(ServiceDescriptor.Singleton<IOrchestrationService>(sp =>
            IsInMemory(sp) ? sp.GetRequiredService<InMemoryOrchestrationService>() : (IOrchestrationService)azureService(sp)));
        services.Replace(ServiceDescriptor.Singleton<IOrchestrationServiceClient>(sp =>
            IsInMemory(sp) ? sp.GetRequiredService<InMemoryOrchestrationService>() : (IOrchestrationServiceClient)azureClient(sp)));
    }

    public static bool IsInMemory(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var backend = configuration[BackendSetting];
        if (backend is not null && !string.Equals(backend, "InMemory", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(backend, "AzureStorage", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Setting '{BackendSetting}' is '{backend}': expected 'AzureStorage' or 'InMemory'.");
        }

        return string.Equals(backend, "InMemory", StringComparison.OrdinalIgnoreCase)
            || string.Equals(configuration[InMemoryFlag], "true", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsInMemory(IServiceProvider services) => IsInMemory(services.GetRequiredService<IConfiguration>());

    private static (Azure.Storage.Queues.QueueServiceClient, Azure.Data.Tables.TableServiceClient, Azure.Storage.Blobs.BlobServiceClient) AzureClients(IServiceProvider services)
    {
        var connection = services.GetRequiredService<IOptions<DurableTaskOptions>>().Value.StorageProvider.EffectiveConnectionName;
        var connections = services.GetRequiredService<StorageConnections>();
        return (connections.CreateQueueServiceClient(connection), connections.CreateTableServiceClient(connection), connections.CreateBlobServiceClient(connection));
    }

    private static void ApplyAzureOptions(AzureStorageDurableOptions azure, IOptions<DurableTaskOptions> host)
    {
        var options = host.Value;
        azure.TaskHubName = options.HubName;
        azure.PartitionCount = options.StorageProvider.PartitionCount;
        if (options.StorageProvider.ControlQueueBatchSize is { } batch)
        {
            azure.ControlQueueBatchSize = batch;
        }

        if (options.StorageProvider.MaxQueuePollingInterval is { } polling)
        {
            azure.MaxQueuePollingInterval = polling;
        }

        if (options.MaxConcurrentOrchestratorFunctions is { } orchestrators)
        {
            azure.MaxConcurrentOrchestrationWorkItems = orchestrators;
        }
    }

    /// <summary>The factory the Azure Storage registration left for <typeparamref name="T"/>, to delegate to.</summary>
    private static Func<IServiceProvider, object> Factory<T>(IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(T))?.ImplementationFactory
        ?? throw new InvalidOperationException($"The Azure Storage durable backend registered no factory for {typeof(T).Name}.");
}
