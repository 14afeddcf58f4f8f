using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Replay;

/// <summary>Runs an orchestrator: the user function with its serialized input, returning its serialized output.</summary>
internal delegate Task<string?> OrchestratorInvoker(TaskOrchestrationContext context, string? input);

/// <summary>How an execution ended.</summary>
internal sealed record ExecutionOutcome(
    OrchestrationRuntimeStatus Status,
    string? Output,
    TaskFailureDetails? Failure,
    string? ContinueAsNewInput = null,
    bool PreserveUnprocessedEvents = false);

/// <summary>
/// One execution of an orchestration instance, rebuilt by replaying its history and then fed new events episode by
/// episode. Kept in memory between episodes while the partition is owned (extended sessions). Not thread-safe: the
/// backend hands out one work item per instance at a time.
/// </summary>
internal sealed partial class OrchestrationExecution
{
    private readonly OrchestrationSynchronizationContext _sync = new();
    private readonly SortedDictionary<int, HistoryEvent> _pendingActions = [];
    private readonly Dictionary<int, OpenTask> _openTasks = [];
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<EventRaisedEvent> _buffered = [];
    private readonly List<HistoryEvent> _deferred = [];
    private readonly HashSet<string> _consumedMessageIds = new(StringComparer.Ordinal);
    private readonly Func<string, OrchestratorInvoker?> _resolveOrchestrator;
    private readonly ILoggerFactory _loggerFactory;
    private EngineOrchestrationContext? _context;
    private Task<string?>? _orchestratorTask;
    private int _sequence;
    private int _newGuidCounter;
    private (string? Input, bool Preserve)? _continueAsNew;

    public OrchestrationExecution(string instanceId, Func<string, OrchestratorInvoker?> resolveOrchestrator, ILoggerFactory loggerFactory)
    {
        InstanceId = instanceId;
        _resolveOrchestrator = resolveOrchestrator;
        _loggerFactory = loggerFactory;
    }

    public string InstanceId { get; }

    public ExecutionStartedEvent? Started { get; private set; }

    public string? ExecutionId => Started?.ExecutionId;

    public string Name => Started?.Name ?? string.Empty;

    public DateTime CurrentUtcDateTime { get; private set; }

    public bool IsReplaying { get; private set; }

    public bool IsSuspended { get; private set; }

    public string? CustomStatus { get; private set; }

    public ExecutionOutcome? Outcome { get; private set; }

    /// <summary>
    /// The stored history already records the end of this execution. An execution whose replay itself ended (a
    /// non-determinism failure, code that now completes earlier) is not: its outcome is committed by the next episode.
    /// </summary>
    public bool EndedInHistory { get; private set; }

    /// <summary>How many history events this execution has applied (replayed or new).</summary>
    public int HistoryLength { get; private set; }

    public OrchestrationRuntimeStatus Status => Outcome?.Status
        ?? (Started is null ? OrchestrationRuntimeStatus.Pending
            : IsSuspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running);

    /// <summary>Rebuilds state from stored history (IsReplaying = true).</summary>
    public void Replay(IReadOnlyList<HistoryEvent> history)
    {
        IsReplaying = true;
        try
        {
            foreach (var e in history)
            {
                if (e is ExecutionCompletedEvent or ContinueAsNewEvent)
                {
                    EndedInHistory = true;
                }

                if (Outcome is null)
                {
                    Apply(e);
                }
                else
                {
                    HistoryLength++;
                }
            }
        }
        finally
        {
            IsReplaying = false;
        }
    }

    private void Apply(HistoryEvent e)
    {
        HistoryLength++;
        try
        {
            ApplyCore(e);
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            Outcome ??= new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(ex));
        }

        CheckCompletion();
    }

    private void CheckCompletion()
    {
        if (Outcome is not null || _orchestratorTask is not { IsCompleted: true } task)
        {
            return;
        }

        if (task.IsFaulted)
        {
            var ex = task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(ex));
        }
        else if (task.IsCanceled)
        {
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(
                new TaskCanceledException($"The orchestrator '{Name}' (instance '{InstanceId}') was canceled.")));
        }
        else if (_continueAsNew is { } next)
        {
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.ContinuedAsNew, null, null, next.Input, next.Preserve);
        }
        else
        {
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Completed, task.Result, null);
        }
    }

    private sealed record OpenTask(TaskCompletionSource<string?> Completion, string Name, string? ChildInstanceId);
}
