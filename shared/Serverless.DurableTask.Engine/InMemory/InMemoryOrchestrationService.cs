using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.InMemory;

/// <summary>
/// The durable storage contract in process memory, with real queue semantics: per-instance locks with a timeout, message
/// visibility (delayed timers and starts), abandon with delay, redelivery after a lock expires, and ETag-checked commits.
/// For fast tests and local runs; everything is lost when the process ends.
/// </summary>
public sealed partial class InMemoryOrchestrationService : IOrchestrationService, IOrchestrationServiceClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InstanceRecord> _instances = new(StringComparer.Ordinal);
    private readonly Queue<string> _ready = new();
    private readonly HashSet<string> _readySet = new(StringComparer.Ordinal);
    private readonly PriorityQueue<TaskMessage, DateTimeOffset> _delayedControl = new();
    private readonly PriorityQueue<(string InstanceId, string LockId), DateTimeOffset> _instanceLocks = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _etag;
    private int _ownershipEpoch;

    public InMemoryOrchestrationService(TimeProvider timeProvider)
    {
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    public int MaxConcurrentOrchestrationWorkItems => 100;

    /// <summary>Current ownership token: changes when <see cref="SimulateOwnershipLoss"/> is called.</summary>
    private string OwnershipToken => $"memory:{Volatile.Read(ref _ownershipEpoch)}";

    /// <summary>Acts as if this worker lost and re-acquired its partitions: cached engine state must not be trusted.</summary>
    public void SimulateOwnershipLoss() => Interlocked.Increment(ref _ownershipEpoch);

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits until something is enqueued or the poll interval passes (real time: fake clocks move in steps).</summary>
    private async Task<bool> WaitAsync(Task signal, long deadlineTicks, CancellationToken cancellationToken)
    {
        var remaining = TimeSpan.FromMilliseconds(deadlineTicks - Environment.TickCount64);
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        var delay = remaining < PollInterval ? remaining : PollInterval;
        await Task.WhenAny(signal, Task.Delay(delay, TimeProvider.System, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return true;
    }

    /// <summary>Wakes every waiting receiver. Call under the lock.</summary>
    private void Pulse()
    {
        var signal = _signal;
        _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.TrySetResult();
    }

    private InstanceRecord GetOrCreate(string instanceId)
    {
        if (!_instances.TryGetValue(instanceId, out var record))
        {
            _instances[instanceId] = record = new InstanceRecord();
        }

        return record;
    }

    private string NextETag() => (++_etag).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class InstanceRecord
    {
        public OrchestrationState? State { get; set; }

        public List<HistoryEvent> History { get; set; } = [];

        public string? ETag { get; set; }

        public List<TaskMessage> Pending { get; set; } = [];

        public string? LockId { get; set; }

        public DateTimeOffset LockedUntil { get; set; }

        public List<TaskMessage>? LockedMessages { get; set; }
    }

    private sealed class InMemoryOrchestrationWorkItem : OrchestrationWorkItem
    {
        public required string LockId { get; init; }
    }
}
