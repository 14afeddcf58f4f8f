using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask;

/// <summary>
/// The context an orchestrator runs in. Orchestrator code must be deterministic: it reads time, GUIDs and input only
/// from here and awaits only the tasks this context returns.
/// </summary>
public abstract class TaskOrchestrationContext
{
    /// <summary>The orchestrator's name.</summary>
    public abstract TaskName Name { get; }

    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The parent orchestration when this one runs as a sub-orchestration; otherwise null.</summary>
    public abstract ParentOrchestrationInstance? Parent { get; }

    /// <summary>The deterministic current time: the start time of the current episode (UTC).</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator replays events already in history.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>The logger factory the replay-safe loggers wrap.</summary>
    protected abstract ILoggerFactory LoggerFactory { get; }

    /// <summary>The orchestration input deserialized to <typeparamref name="T"/>.</summary>
    public abstract T? GetInput<T>();

    public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    public virtual Task CallActivityAsync(TaskName name, TaskOptions? options) => CallActivityAsync(name, null, options);

    public virtual Task<TResult> CallActivityAsync<TResult>(TaskName name, TaskOptions? options) =>
        CallActivityAsync<TResult>(name, null, options);

    /// <summary>Schedules an activity and returns its result; a failure throws <see cref="TaskFailedException"/>.</summary>
    public abstract Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);

    public virtual Task CallSubOrchestratorAsync(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    public virtual Task CallSubOrchestratorAsync(TaskName orchestratorName, TaskOptions? options) =>
        CallSubOrchestratorAsync(orchestratorName, null, options);

    public virtual Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, TaskOptions? options) =>
        CallSubOrchestratorAsync<TResult>(orchestratorName, null, options);

    /// <summary>Starts a sub-orchestration (instance id from <see cref="SubOrchestrationOptions"/>) and returns its output.</summary>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null);

    /// <summary>A durable timer that fires at <paramref name="fireAt"/> (UTC).</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>A durable timer that fires after <paramref name="delay"/> from <see cref="CurrentUtcDateTime"/>.</summary>
    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>Waits for an event raised to this instance; events raised earlier are buffered and delivered in order.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an event with a timeout; when the timeout fires first a <see cref="TaskCanceledException"/> is thrown.</summary>
    public virtual Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout) =>
        WaitForExternalEvent<T>(eventName, timeout, CancellationToken.None);

    /// <summary>Waits for an event with a timeout and a cancellation token.</summary>
    public virtual async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timerCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeoutTask = CreateTimer(timeout, timerCts.Token);
        using var eventCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var eventTask = WaitForExternalEvent<T>(eventName, eventCts.Token);
        // Orchestrator code stays on the orchestration's single-threaded scheduler: ConfigureAwait(true).
        var winner = await Task.WhenAny(timeoutTask, eventTask).ConfigureAwait(true);
        // Cancel synchronously: CancelAsync would complete the losing task off the orchestrator's thread.
        if (winner == eventTask)
        {
#pragma warning disable CA1849
            timerCts.Cancel();
        }
        else
        {
            eventCts.Cancel();
#pragma warning restore CA1849
        }

        return await eventTask.ConfigureAwait(true);
    }

    /// <summary>Raises an event on another orchestration instance (fire and forget).</summary>
    public abstract void SendEvent(string instanceId, string eventName, object payload);

    /// <summary>Sets the instance's custom status (serialized to JSON, visible to clients).</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>
    /// Restarts the orchestration with a new input and a fresh history once the orchestrator function returns.
    /// With <paramref name="preserveUnprocessedEvents"/> events received but not yet awaited are carried over.
    /// </summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A deterministic, name-based (UUID v5) GUID: the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes only when the orchestrator is not replaying.</summary>
    public virtual ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(this, LoggerFactory.CreateLogger(categoryName));

    public virtual ILogger CreateReplaySafeLogger(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new ReplaySafeLogger(this, LoggerFactory.CreateLogger(type));
    }

    public virtual ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T));

    private sealed class ReplaySafeLogger(TaskOrchestrationContext context, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}

/// <summary>The parent of a sub-orchestration.</summary>
public sealed record ParentOrchestrationInstance(TaskName Name, string InstanceId);
