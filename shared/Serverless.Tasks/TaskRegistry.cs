using System.Reflection;

namespace Serverless.Tasks;

/// <summary>
/// A set of task declarations. Registries compose: a library defines its tasks in its own registry, an app adds
/// several (<see cref="Add(TaskRegistry)"/>, or <c>services.AddTaskRegistry(registry)</c>). Attribute-declared tasks
/// are added with <see cref="AddTasksFrom(Type)"/>; tasks built at run time (in a loop, say) with the Add calls.
/// Nothing is validated until <see cref="Build"/>, which reports every problem at once.
/// </summary>
public sealed class TaskRegistry
{
    /// <summary>Adds the tasks of another registry.</summary>
    public TaskRegistry Add(TaskRegistry other) => throw new NotImplementedException();

    /// <summary>Adds the <see cref="TaskAttribute"/> methods of <paramref name="type"/>, or the type itself when it is a lifecycle task.</summary>
    public TaskRegistry AddTasksFrom(Type type) => throw new NotImplementedException();

    public TaskRegistry AddTasksFrom<T>() => AddTasksFrom(typeof(T));

    /// <summary>Adds every <see cref="TaskAttribute"/> declaration in the assembly.</summary>
    public TaskRegistry AddTasksFrom(Assembly assembly) => throw new NotImplementedException();

    /// <summary>Adds an untyped task (its context's Parameters is a JsonElement or null).</summary>
    public TaskRegistry Add(string name, Func<TaskContext, Task> handler, Action<TaskOptions>? configure = null) =>
        throw new NotImplementedException();

    /// <summary>Adds a task with typed parameters.</summary>
    public TaskRegistry Add<TParams>(string name, Func<TaskContext<TParams>, Task> handler, Action<TaskOptions>? configure = null) =>
        throw new NotImplementedException();

    /// <summary>Adds a task with typed parameters and a result (passed to its RunAfter task).</summary>
    public TaskRegistry Add<TParams, TResult>(string name, Func<TaskContext<TParams>, Task<TResult>> handler, Action<TaskOptions>? configure = null) =>
        throw new NotImplementedException();

    /// <summary>Adds a lifecycle task.</summary>
    public TaskRegistry AddLifecycle<TTask, TState>(string name, Action<TaskOptions>? configure = null)
        where TTask : class, ILifecycleTask<TState> => throw new NotImplementedException();

    /// <summary>
    /// Validates every declaration (names unique, options in range, triggers, default parameters, dependencies known and
    /// acyclic, RunAfter result and parameter types compatible) and returns the catalog; throws
    /// <see cref="TaskDeclarationException"/> listing each problem with the task and option named and any cycle printed.
    /// </summary>
    public TaskCatalog Build() => throw new NotImplementedException();
}
