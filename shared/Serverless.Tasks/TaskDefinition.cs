using System.Text.Json;

namespace Serverless.Tasks;

/// <summary>A validated task: its name, trigger, options and how to invoke it. Immutable.</summary>
public sealed partial class TaskDefinition
{
    internal TaskDefinition(string name, string declaredAt, TaskInvoker invoker)
    {
        Name = name;
        DeclaredAt = declaredAt;
        Invoker = invoker;
    }

    public string Name { get; }

    /// <summary>Where the task was declared ("Namespace.Type.Method" or "registered by a call"), for error messages.</summary>
    public string DeclaredAt { get; }

    public string Namespace { get; init; } = TaskDefaults.Namespace;

    public int Priority { get; init; } = TaskPriority.Normal;

    public TaskTrigger? Trigger { get; init; }

    public TimeSpan? MisfireGraceTime { get; init; }

    public bool Coalesce { get; init; } = true;

    /// <summary>0 = unlimited.</summary>
    public int MaxInstances { get; init; } = 1;

    /// <summary>0 = unlimited.</summary>
    public int MaxConcurrency { get; init; }

    /// <summary>Retries after the first attempt (the named policy applied); <see cref="int.MaxValue"/> = retry always.</summary>
    public int MaxRetries { get; init; }

    public TimeSpan RetryDelay { get; init; } = TaskDefaults.RetryDelay;

    public TimeSpan MaxRetryDelay { get; init; } = TaskDefaults.MaxRetryDelay;

    public bool RetryJitter { get; init; } = true;

    public string? OnFailure { get; init; }

    public IReadOnlyList<string> RunBefore { get; init; } = [];

    public string? RunAfter { get; init; }

    /// <summary>The default parameters as JSON ("{}" for a typed task without declared defaults; null for an untyped one).</summary>
    public string? DefaultParameters { get; init; }

    public TimeSpan Timeout { get; init; } = TaskDefaults.Timeout;

    /// <summary>Non-null for a CPU-bound task.</summary>
    public TaskResources? CpuBound { get; init; }

    public bool Opportunistic { get; init; }

    /// <summary>The free memory (GiB) an opportunistic run needs to start.</summary>
    public double MemoryGiB { get; init; } = 0.5;

    /// <summary>The parameter record type, or null for an untyped task.</summary>
    public Type? ParametersType { get; init; }

    /// <summary>The result type, or null when the task returns nothing.</summary>
    public Type? ResultType { get; init; }

    public bool IsLifecycle { get; init; }

    /// <summary>Never executed twice: MaxRetries is 0.</summary>
    public bool AtMostOnce => MaxRetries == 0;

    /// <summary>Runs through a chain orchestration: it has prerequisites or a next task.</summary>
    public bool HasDependencies => RunBefore.Count > 0 || RunAfter is not null;

    internal TaskInvoker Invoker { get; }

    /// <summary>
    /// The delay before retry number <paramref name="retry"/> (1 = first retry): RetryDelay * 2^(retry-1), at most
    /// MaxRetryDelay; with <see cref="RetryJitter"/> uniformly random in [d/2, d].
    /// </summary>
    public TimeSpan GetRetryDelay(int retry, Random? random = null) => RetryDelayFor(retry, random);

    /// <summary>
    /// Reads and validates run parameters (JSON; null = the defaults): deserializes to the parameter type and checks its
    /// DataAnnotations (on properties and on record constructor parameters). Throws <see cref="TaskParametersException"/>
    /// naming the task and each invalid member. Returns the normalized JSON to store with the run.
    /// </summary>
    /// <remarks>
    /// Missing parameters (null, JSON null) mean <see cref="DefaultParameters"/>. An untyped task accepts any JSON and
    /// keeps null as null. A JSON error names its path ("$.age"); a validation error names the member in JSON case ("age").
    /// </remarks>
    public JsonElement? ValidateParameters(JsonElement? parameters) => Validate(parameters);

    /// <summary>Runs the task in this process; returns the result serialized with <see cref="TaskJson.Options"/> (null for none).</summary>
    internal Task<JsonElement?> InvokeAsync(TaskRunInfo run, JsonElement? parameters, IServiceProvider services, ITaskClient? tasks,
        Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken) =>
        Invoker(run, parameters, services, tasks, logger, cancellationToken);
}

/// <summary>Builds the task's context from the run and calls the declared method or delegate.</summary>
internal delegate Task<JsonElement?> TaskInvoker(TaskRunInfo run, JsonElement? parameters, IServiceProvider services, ITaskClient? tasks,
    Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken);
