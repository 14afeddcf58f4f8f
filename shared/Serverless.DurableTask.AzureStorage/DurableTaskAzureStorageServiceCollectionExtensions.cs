using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.Engine.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the durable engine's Azure Storage backend as its <see cref="IOrchestrationService"/> and client.</summary>
public static class DurableTaskAzureStorageServiceCollectionExtensions
{
    /// <summary>Uses the storage account of <paramref name="connectionString"/> ("UseDevelopmentStorage=true" for Azurite).</summary>
    public static IServiceCollection AddDurableTaskAzureStorage(this IServiceCollection services, string connectionString, Action<AzureStorageDurableOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddDurableTaskAzureStorage(_ => (new QueueServiceClient(connectionString), new TableServiceClient(connectionString), new BlobServiceClient(connectionString)), configure);
    }

    /// <summary>Uses the clients the factory returns (for example built with a token credential, or with extra pipeline policies).</summary>
    public static IServiceCollection AddDurableTaskAzureStorage(
        this IServiceCollection services,
        Func<IServiceProvider, (QueueServiceClient Queues, TableServiceClient Tables, BlobServiceClient Blobs)> clients,
        Action<AzureStorageDurableOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(clients);
        var options = services.AddOptions<AzureStorageDurableOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services.AddCore(clients);
    }

    /// <summary>Binds the options from a configuration section (keys as the option property names) and validates them at start.</summary>
    public static IServiceCollection AddDurableTaskAzureStorage(
        this IServiceCollection services,
        Func<IServiceProvider, (QueueServiceClient Queues, TableServiceClient Tables, BlobServiceClient Blobs)> clients,
        IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<AzureStorageDurableOptions>().Bind(section).ValidateOnStart();
        return services.AddCore(clients);
    }

    /// <summary>The engine on Azure Storage: <c>services.AddDurableTaskEngine().UseAzureStorage(connectionString)</c>.</summary>
    public static DurableTaskEngineBuilder UseAzureStorage(this DurableTaskEngineBuilder builder, string connectionString, Action<AzureStorageDurableOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDurableTaskAzureStorage(connectionString, configure);
        return builder;
    }

    /// <summary>The engine on Azure Storage with clients from <paramref name="clients"/>.</summary>
    public static DurableTaskEngineBuilder UseAzureStorage(
        this DurableTaskEngineBuilder builder,
        Func<IServiceProvider, (QueueServiceClient Queues, TableServiceClient Tables, BlobServiceClient Blobs)> clients,
        Action<AzureStorageDurableOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDurableTaskAzureStorage(clients, configure);
        return builder;
    }

    private static IServiceCollection AddCore(this IServiceCollection services, Func<IServiceProvider, (QueueServiceClient Queues, TableServiceClient Tables, BlobServiceClient Blobs)> clients)
    {
        // Unset, the hub is the engine's (host.json extensions.durableTask.hubName).
        services.AddOptions<AzureStorageDurableOptions>().PostConfigure<IServiceProvider>((o, sp) =>
            o.TaskHubName ??= sp.GetService<IOptions<DurableTaskEngineOptions>>()?.Value.HubName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureStorageDurableOptions>, AzureStorageDurableOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var (queues, tables, blobs) = clients(sp);
            return new AzureStorageOrchestrationService(
                queues,
                tables,
                blobs,
                sp.GetRequiredService<IOptions<AzureStorageDurableOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<AzureStorageOrchestrationService>>() ?? NullLogger<AzureStorageOrchestrationService>.Instance);
        });
        services.Replace(ServiceDescriptor.Singleton<IOrchestrationService>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>()));
        services.Replace(ServiceDescriptor.Singleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>()));
        return services;
    }
}
