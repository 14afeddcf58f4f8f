namespace Serverless.DurableTask.Functions.Configuration;

/// <summary>
/// host.json <c>extensions.durableTask</c>, with Durable Functions' key names. Unset values keep the engine's defaults.
/// </summary>
internal sealed class DurableTaskOptions
{
    /// <summary>The task hub. Default: the app name (WEBSITE_SITE_NAME, letters and digits only), or "TestHubName" locally.</summary>
    public string? HubName { get; set; }

    /// <summary>The Azure Storage provider's settings.</summary>
    public StorageProviderOptions StorageProvider { get; set; } = new();

    /// <summary>Activities run in parallel on this worker (Durable Functions default: 10 x processor count).</summary>
    public int? MaxConcurrentActivityFunctions { get; set; }

    /// <summary>Orchestrator episodes run in parallel on this worker (Durable Functions default: 10 x processor count).</summary>
    public int? MaxConcurrentOrchestratorFunctions { get; set; }

    /// <summary>Keep orchestrations in memory between episodes (the engine's default: on).</summary>
    public bool? ExtendedSessionsEnabled { get; set; }
}

/// <summary>host.json <c>extensions.durableTask.storageProvider</c>.</summary>
internal sealed class StorageProviderOptions
{
    /// <summary>The storage connection setting; AzureWebJobsStorage when null.</summary>
    public string? ConnectionName { get; set; }

    /// <summary>The older name of <see cref="ConnectionName"/>.</summary>
    public string? ConnectionStringName { get; set; }

    /// <summary>Control queues (partitions), 1 to 16; fixed for the lifetime of a task hub. Default 4.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Messages fetched per control-queue receive, 1 to 32.</summary>
    public int? ControlQueueBatchSize { get; set; }

    /// <summary>Longest wait between polls of empty queues.</summary>
    public TimeSpan? MaxQueuePollingInterval { get; set; }

    /// <summary>The connection setting in use.</summary>
    public string EffectiveConnectionName => ConnectionName ?? ConnectionStringName ?? "AzureWebJobsStorage";
}
