using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// Runs task runs as their queue messages arrive: the app's queue-triggered functions (one per priority lane and the
/// idle lane) hand each message to <see cref="HandleAsync"/>, which applies the rules of the run record (claim,
/// duplicate, redelivery after a crash, retries, failure handling; see the project README for the state machine).
/// It never receives, deletes or hides a message itself: the trigger does (<see cref="TaskQueueMessage"/>), so the
/// Functions host's scale controller sees every lane, and nothing here polls a queue.
/// </summary>
internal sealed partial class TaskDispatcher(
    TaskCatalog catalog,
    TaskStorage storage,
    TaskRunStore store,
    TaskClient client,
    ConcurrencySlots slots,
    IHostCapacity capacity,
    LocalRuns localRuns,
    IOptions<TasksOptions> options,
    IServiceProvider services,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<TaskDispatcher>();
    private readonly TasksOptions _options = options.Value;

    /// <summary>This worker's name in run records: machine, process id and a per-process suffix.</summary>
    public string HostId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Runs executing now in this process.</summary>
    public int RunningCount => localRuns.Count;

    /// <summary>How many times handling a message may throw before it is moved to the dead-letter queue.</summary>
    internal int MaxHandlingFailures { get; set; } = 10;

    /// <summary>
    /// Handles one delivered message. Returns when the trigger may delete it; throws when it must come back: the
    /// <paramref name="cancellationToken"/> (the invocation's: the host is stopping) fired before the run's outcome was
    /// written, or even sending the copy of a failed handling failed.
    /// </summary>
    public async Task HandleAsync(TaskQueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await ProcessAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.MessageLeftAtShutdown(_logger, message.QueueName, message.MessageId);
            throw;
        }
        catch (Exception e)
        {
            // The record says how far the handling got; a copy of the message comes back after a delay and resumes it.
            Log.MessageFailed(_logger, e, message.QueueName, message.MessageId);
            await HandlingFailedAsync(message, e).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Counts the failure in the message's copy (so every worker sees it) and sends the copy after the delay; at
    /// <see cref="MaxHandlingFailures"/> the message is poisoned and the run, when its record can still be written,
    /// dead-lettered. If the copy cannot be sent (storage down) this throws and the trigger retries the original.
    /// </summary>
    private async Task HandlingFailedAsync(TaskQueueMessage message, Exception exception)
    {
        var none = CancellationToken.None;
        if (TaskMessage.TryParse(message.Text) is not { } parsed)
        {
            return;
        }

        var failures = (parsed.Failures ?? 0) + 1;
        if (failures < MaxHandlingFailures)
        {
            await SendCopyAsync(message, _options.HandlingFailureDelay, (parsed with { Failures = failures }).ToJson(), none).ConfigureAwait(false);
            return;
        }

        var reason = $"handling the message failed {failures} times; last: {exception.GetType().Name}: {exception.Message}";
        await PoisonAsync(message, parsed.RunId, parsed.Task, reason, none).ConfigureAwait(false);
        try
        {
            await store.UpdateAsync(parsed.RunId, c => c.Run.IsFinished ? null : c with
            {
                Run = c.Run with { Status = TaskRunStatus.DeadLettered, Reason = reason, CompletedAt = time.GetUtcNow() },
            }, none).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The record itself may be what cannot be read: the dead-letter message holds the run id and the reason.
            Log.MessageFailed(_logger, e, message.QueueName, message.MessageId);
        }
    }

    /// <summary>The message comes back after <paramref name="delay"/>: a copy (with <paramref name="text"/> if given) is sent to its queue.</summary>
    private Task SendCopyAsync(TaskQueueMessage message, TimeSpan delay, string? text, CancellationToken cancellationToken) =>
        message.SendCopyAsync(storage.Queues.GetQueueClient(message.QueueName), delay, text, cancellationToken);

    /// <summary>A message of a namespace's idle queue: an opportunistic run.</summary>
    private static bool IsIdle(TaskQueueMessage message) => message.QueueName.EndsWith("-idle", StringComparison.Ordinal);
}
