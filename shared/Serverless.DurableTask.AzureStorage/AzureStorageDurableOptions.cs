namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// Settings of the Azure Storage backend (the durableTask extension's storageProvider settings in host.json). Validated at
/// start: a bad value fails the host with the key's name.
/// </summary>
public sealed class AzureStorageDurableOptions
{
    /// <summary>
    /// Task hub name: 3-45 characters, letters and digits, starting with a letter. Unset, it is the engine's
    /// extensions.durableTask.hubName (DurableTaskEngineOptions.HubName), else "TestHubName".
    /// </summary>
    public string? TaskHubName { get; set; }

    /// <summary>Number of control queues (1-16); fixed for the lifetime of a task hub.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Blob lease duration of a partition (15-60 s as Azure Storage allows).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often leases are renewed and partitions balanced; must be well under <see cref="LeaseDuration"/>.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages fetched per control-queue receive (1-32).</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>Messages fetched per work-item-queue receive (1-32).</summary>
    public int WorkItemQueueBatchSize { get; set; } = 16;

    /// <summary>Longest wait between polls of empty queues (polling backs off from 10 ms up to this).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many orchestration work items may run in parallel on this worker.</summary>
    public int MaxConcurrentOrchestrationWorkItems { get; set; } = 16;

    /// <summary>The name this worker uses in lease metadata; defaults to machine name, process id and a random suffix.</summary>
    public string? WorkerId { get; set; }
}
