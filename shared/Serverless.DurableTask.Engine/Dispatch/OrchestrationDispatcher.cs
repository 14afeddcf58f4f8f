using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Replay;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Dispatch;

/// <summary>
/// Runs orchestration episodes: lock an instance's messages, rebuild (or reuse) its execution, apply the messages, commit
/// history + state + outbound messages in one call, and keep the execution in memory while ownership holds.
/// </summary>
internal sealed partial class OrchestrationDispatcher(
    IOrchestrationService service,
    DurableTaskRegistry registry,
    IServiceProvider services,
    DurableTaskEngineOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    private const int MaxContinueAsNewPerEpisode = 1000;
    private readonly ConcurrentDictionary<string, CachedExecution> _cache = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger("Serverless.DurableTask.Engine.OrchestrationDispatcher");

    /// <summary>How many episodes replayed stored history (cache misses); for tests and benchmarks.</summary>
    public int FullReplays => _fullReplays;

    private int _fullReplays;

    public WorkLoop<OrchestrationWorkItem> CreateLoop() => new(
        "orchestration",
        options.MaxConcurrentOrchestratorFunctions,
        ct => service.LockNextOrchestrationWorkItemAsync(options.OrchestrationLockTimeout, options.ReceiveTimeout, ct),
        ProcessAsync,
        time,
        _logger);

    internal async Task ProcessAsync(OrchestrationWorkItem workItem)
    {
        try
        {
            await ProcessCoreAsync(workItem).ConfigureAwait(false);
        }
        catch (OrchestrationConflictException ex)
        {
            _cache.TryRemove(workItem.InstanceId, out _);
            Log.CommitConflict(_logger, workItem.InstanceId, ex.Message);
            await AbandonQuietly(workItem, TimeSpan.Zero).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure: forget cached state, let the messages come back later.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _cache.TryRemove(workItem.InstanceId, out _);
            Log.EpisodeFailed(_logger, workItem.InstanceId, ex);
            await AbandonQuietly(workItem, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
    }

    private async Task ProcessCoreAsync(OrchestrationWorkItem workItem)
    {
        var now = time.GetUtcNow();
        var (execution, etag, state) = await GetExecutionAsync(workItem).ConfigureAwait(false);
        var messages = workItem.NewMessages;
        var startNew = messages.FirstOrDefault(m => m.Event is ExecutionStartedEvent s
            && (execution is null || (execution.EndedInHistory && s.ExecutionId != execution.ExecutionId)));

        if (startNew is null && (execution is null || execution.EndedInHistory))
        {
            if (execution is null && state is { Status: OrchestrationRuntimeStatus.Pending })
            {
                // Events for an instance whose (delayed) start has not arrived yet: keep them until it has.
                await service.AbandonOrchestrationWorkItemAsync(workItem, TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
                return;
            }

            Log.MessagesDropped(_logger, workItem.InstanceId, messages.Count);
            await service.CompleteOrchestrationWorkItemAsync(
                workItem,
                new OrchestrationWorkItemCompletion { ExpectedETag = etag, NewHistoryEvents = [] },
                CancellationToken.None).ConfigureAwait(false);
            return;
        }

        IEnumerable<TaskMessage> applicable;
        var startsNewExecution = false;
        if (startNew is not null)
        {
            execution = NewExecution(workItem.InstanceId);
            startsNewExecution = true;
            applicable = new[] { startNew }.Concat(messages.Where(m => m.Event is not ExecutionStartedEvent && m.ExecutionId is null));
        }
        else
        {
            applicable = messages.Where(m => m.ExecutionId is null || m.ExecutionId == execution!.ExecutionId);
        }

        var list = applicable.ToList();
        var result = execution!.RunEpisode(list.Select(m => m.Event), list.Select(m => m.MessageId), now.UtcDateTime);
        var activities = new List<TaskMessage>(result.ActivityMessages);
        var orchestrators = new List<TaskMessage>(result.OrchestratorMessages);
        var timers = new List<TaskMessage>(result.TimerMessages);
        var history = result.NewEvents;

        for (var generation = 0; execution.Outcome is { Status: OrchestrationRuntimeStatus.ContinuedAsNew } outcome; generation++)
        {
            if (generation >= MaxContinueAsNewPerEpisode)
            {
                throw new InvalidOperationException(
                    $"Orchestrator '{execution.Name}' (instance '{workItem.InstanceId}') called ContinueAsNew {MaxContinueAsNewPerEpisode} times without awaiting anything.");
            }

            var previous = execution.Started!;
            execution = NewExecution(workItem.InstanceId);
            startsNewExecution = true;
            var started = previous with { Timestamp = now.UtcDateTime, ExecutionId = Guid.NewGuid().ToString("N"), Input = outcome.ContinueAsNewInput, ScheduledStartTime = null };
            var events = new List<HistoryEvent> { started };
            events.AddRange(result.CarriedOverEvents);
            result = execution.RunEpisode(events, [], now.UtcDateTime);
            activities.AddRange(result.ActivityMessages);
            orchestrators.AddRange(result.OrchestratorMessages);
            timers.AddRange(result.TimerMessages);
            history = result.NewEvents;
        }

        var newState = BuildState(execution, state, now);
        var completion = new OrchestrationWorkItemCompletion
        {
            ExpectedETag = etag,
            NewHistoryEvents = history,
            StartsNewExecution = startsNewExecution,
            NewState = newState,
            ActivityMessages = activities,
            OrchestratorMessages = orchestrators,
            TimerMessages = timers,
        };

        var newETag = await service.CompleteOrchestrationWorkItemAsync(workItem, completion, CancellationToken.None).ConfigureAwait(false);
        Log.EpisodeCompleted(_logger, execution.Name, workItem.InstanceId, messages.Count, newState.Status.ToString(), execution.HistoryLength);
        if (execution.Outcome is { Status: OrchestrationRuntimeStatus.Failed, Failure: { } failure })
        {
            Log.OrchestrationFailed(_logger, execution.Name, workItem.InstanceId, failure.ToString());
        }

        if (options.ExtendedSessionsEnabled && execution.Outcome is null)
        {
            if (_cache.Count >= options.ExtendedSessionsMaxCachedInstances)
            {
                _cache.Clear();
            }

            _cache[workItem.InstanceId] = new CachedExecution(execution, newETag, workItem.OwnershipToken, newState);
        }
    }

    private sealed record CachedExecution(OrchestrationExecution Execution, string ETag, string OwnershipToken, OrchestrationState State);
}
