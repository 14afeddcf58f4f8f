using System.Diagnostics.CodeAnalysis;

namespace Serverless.Tasks;

/// <summary>The validated tasks of an app, by name (case-insensitive). Built by <see cref="TaskRegistry.Build"/>.</summary>
public sealed class TaskCatalog
{
    private readonly Dictionary<string, TaskDefinition> _tasks;

    internal TaskCatalog(IEnumerable<TaskDefinition> tasks)
    {
        _tasks = tasks.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        Tasks = [.. _tasks.Values.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public IReadOnlyList<TaskDefinition> Tasks { get; }

    /// <summary>The lifecycle tasks' setup, state and cleanup on this host (empty when the catalog has none).</summary>
    internal LifecycleTasks Lifecycles { get; init; } = new([]);

    /// <summary>The namespaces of the tasks, each once.</summary>
    public IReadOnlyList<string> Namespaces => [.. Tasks.Select(t => t.Namespace).Distinct(StringComparer.OrdinalIgnoreCase)];

    public bool TryGet(string name, [NotNullWhen(true)] out TaskDefinition? task) => _tasks.TryGetValue(name, out task);

    /// <summary>The task named <paramref name="name"/>; <see cref="TaskNotFoundException"/> lists the known names.</summary>
    public TaskDefinition Get(string name) =>
        TryGet(name, out var task) ? task : throw new TaskNotFoundException(name, _tasks.Keys);
}
