namespace Serverless.Tasks;

/// <summary>Task declarations are not valid; the message lists each problem with the task and option named.</summary>
public sealed class TaskDeclarationException(IReadOnlyList<string> problems)
    : Exception("Task declarations are not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Run parameters are not valid for the task; nothing was enqueued. <see cref="Errors"/> maps each member to its problems.</summary>
public sealed class TaskParametersException(string task, IReadOnlyDictionary<string, string[]> errors)
    : Exception($"The parameters of task '{task}' are not valid: " +
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public string Task { get; } = task;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>No task has this name.</summary>
public sealed class TaskNotFoundException(string task, IEnumerable<string> known)
    : Exception($"No task is named '{task}'. Known tasks: {string.Join(", ", known.Order(StringComparer.OrdinalIgnoreCase))}.")
{
    public string Task { get; } = task;
}
