using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// The durable engine's Azure Storage backend, built after the Durable Task Framework's Azure Storage provider: control
/// queues partitioned by instance id and owned through blob leases, a work-item queue for activities, a history table
/// (ETag-guarded by a sentinel row per instance), an instances table and a blob container for large payloads.
/// </summary>
internal sealed partial class AzureStorageOrchestrationService : IOrchestrationService, IOrchestrationServiceClient, IAsyncDisposable
{
    private readonly AzureStorageDurableOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly QueueServiceClient _queueService;
    private readonly TableServiceClient _tableService;
    private readonly BlobServiceClient _blobService;
    private readonly TaskMessageQueue[] _control;
    private readonly TaskMessageQueue _workItems;
    private CancellationTokenSource? _stopping;
    private Task? _maintenance;

    public AzureStorageOrchestrationService(
        QueueServiceClient queueService,
        TableServiceClient tableService,
        BlobServiceClient blobService,
        AzureStorageDurableOptions options,
        TimeProvider timeProvider,
        ILogger<AzureStorageOrchestrationService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = AzureStorageDurableOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid durableTask Azure Storage options: " + string.Join(" ", failures), nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _queueService = queueService;
        _tableService = tableService;
        _blobService = blobService;
        Names = new TaskHubNames(options.TaskHubName ?? DefaultHubName, options.PartitionCount);
        Payloads = new LargePayloadStore(blobService.GetBlobContainerClient(Names.LargeMessageContainer));
        _control = [.. Names.ControlQueues.Select(n => new TaskMessageQueue(queueService.GetQueueClient(n), Payloads, timeProvider))];
        _workItems = new TaskMessageQueue(queueService.GetQueueClient(Names.WorkItemQueue), Payloads, timeProvider);
        History = new HistoryStore(tableService.GetTableClient(Names.HistoryTable), Payloads);
        Instances = new InstanceStore(tableService.GetTableClient(Names.InstancesTable), Payloads);
        var workerId = options.WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Partitions = new PartitionManager(blobService.GetBlobContainerClient(Names.LeaseContainer), options, workerId, timeProvider, logger);
        Partitions.PartitionsChanged += OnPartitionsChanged;
    }

    internal const string DefaultHubName = "TestHubName";

    internal TaskHubNames Names { get; }

    internal LargePayloadStore Payloads { get; }

    internal HistoryStore History { get; }

    internal InstanceStore Instances { get; }

    internal PartitionManager Partitions { get; }

    public int MaxConcurrentOrchestrationWorkItems => _options.MaxConcurrentOrchestrationWorkItems;

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        var tasks = new List<Task>();
        tasks.AddRange(_control.Select(q => q.Client.CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        tasks.Add(_workItems.Client.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        tasks.Add(_tableService.CreateTableIfNotExistsAsync(Names.HistoryTable, cancellationToken));
        tasks.Add(_tableService.CreateTableIfNotExistsAsync(Names.InstancesTable, cancellationToken));
        tasks.Add(Payloads.Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        tasks.Add(Partitions.CreateLeaseBlobsAsync(cancellationToken));
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_maintenance is not null)
        {
            return;
        }

        await CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await Partitions.RunOnceAsync(cancellationToken).ConfigureAwait(false);
        _stopping = new CancellationTokenSource();
        _maintenance = MaintainPartitionsAsync(_stopping.Token);
        Log.TaskHubReady(_logger, _options.TaskHubName ?? DefaultHubName, _options.PartitionCount, Partitions.WorkerId);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (await StopMaintenanceAsync().ConfigureAwait(false))
        {
            await Partitions.ReleaseAllAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops renewing leases without releasing them: what a killed host leaves behind (tests use it).</summary>
    internal async Task<bool> StopMaintenanceAsync()
    {
        if (_stopping is null || _maintenance is null)
        {
            return false;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _maintenance.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _maintenance = null;
        _stopping.Dispose();
        _stopping = null;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    internal int PartitionOf(string instanceId) => TaskHubNames.PartitionOf(instanceId, _options.PartitionCount);

    internal TaskMessageQueue ControlQueueOf(string instanceId) => _control[PartitionOf(instanceId)];

    private async Task MaintainPartitionsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.LeaseRenewInterval, _timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await Partitions.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.PartitionMaintenanceFailed(_logger, e, Partitions.WorkerId);
            }
        }
    }

    /// <summary>Sends a message to an instance's control queue and wakes this worker's poller when it owns that queue.</summary>
    internal async Task SendToInstanceAsync(TaskMessage message, CancellationToken cancellationToken)
    {
        await ControlQueueOf(message.InstanceId).SendAsync(message, cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(message.InstanceId);
        if (Partitions.TokenOf(partition) is not null)
        {
            MakeDue(partition);
        }
    }
}
