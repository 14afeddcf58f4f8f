using Microsoft.Extensions.Logging;

namespace Serverless.Tasks;

/// <summary>What a running task knows: its run, attempt, parameters, a logger, a cancellation token and the task client.</summary>
public class TaskContext
{
    internal TaskContext(TaskRunInfo run, object? parameters, ILogger logger, IServiceProvider services, ITaskClient? tasks, CancellationToken cancellationToken)
    {
        Run = run;
        ParametersObject = parameters;
        Logger = logger;
        Services = services;
        TasksOrNull = tasks;
        CancellationToken = cancellationToken;
    }

    internal TaskRunInfo Run { get; }

    internal object? ParametersObject { get; }

    internal ITaskClient? TasksOrNull { get; }

    public string RunId => Run.RunId;

    public string TaskName => Run.TaskName;

    /// <summary>1 for the first attempt, 2 for the first retry ...</summary>
    public int Attempt => Run.Attempt;

    public int Priority => Run.Priority;

    /// <summary>When the run was due (its schedule's fire time or its enqueue time plus delay).</summary>
    public DateTimeOffset? DueTime => Run.DueTime;

    /// <summary>The schedule that started the run, if a schedule did.</summary>
    public string? ScheduleId => Run.ScheduleId;

    public ILogger Logger { get; }

    /// <summary>Fires when the run is aborted, times out or the host shuts down.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Enqueues other tasks. Not available inside a CPU-bound job's process.</summary>
    public ITaskClient Tasks => TasksOrNull ?? throw new InvalidOperationException(
        $"Task '{TaskName}' runs as a CPU-bound job: enqueue follow-up tasks with RunAfter or from a normal task.");

    /// <summary>The run's parameters as the task declared them (a JsonElement for an untyped task).</summary>
    public object? Parameters => ParametersObject;
}

/// <summary>The context of a task with typed parameters, validated (DataAnnotations) before the run was enqueued.</summary>
public sealed class TaskContext<TParams> : TaskContext
{
    internal TaskContext(TaskRunInfo run, TParams parameters, ILogger logger, IServiceProvider services, ITaskClient? tasks, CancellationToken cancellationToken)
        : base(run, parameters, logger, services, tasks, cancellationToken)
    {
    }

    public new TParams Parameters => (TParams)ParametersObject!;
}

/// <summary>The run facts the runtime hands to a task's context.</summary>
internal sealed record TaskRunInfo(string RunId, string TaskName, int Attempt, int Priority, DateTimeOffset? DueTime, string? ScheduleId);
