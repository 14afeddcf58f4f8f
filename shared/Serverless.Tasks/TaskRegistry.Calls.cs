using Serverless.Tasks.Registry;

namespace Serverless.Tasks;

public sealed partial class TaskRegistry
{
    /// <summary>Adds an untyped task (its context's Parameters is a JsonElement or null).</summary>
    public TaskRegistry Add(string name, Func<TaskContext, Task> handler, Action<TaskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddCall(name, null, null, configure, async context =>
        {
            await handler(context).ConfigureAwait(false);
            return null;
        });
    }

    /// <summary>Adds a task with typed parameters.</summary>
    public TaskRegistry Add<TParams>(string name, Func<TaskContext<TParams>, Task> handler, Action<TaskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddCall(name, typeof(TParams), null, configure, async context =>
        {
            await handler((TaskContext<TParams>)context).ConfigureAwait(false);
            return null;
        });
    }

    /// <summary>Adds a task with typed parameters and a result (passed to its RunAfter task).</summary>
    public TaskRegistry Add<TParams, TResult>(string name, Func<TaskContext<TParams>, Task<TResult>> handler, Action<TaskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddCall(name, typeof(TParams), typeof(TResult), configure,
            async context => await handler((TaskContext<TParams>)context).ConfigureAwait(false));
    }

    /// <summary>Adds a lifecycle task: its class is built from the host's services once per host, at start.</summary>
    public TaskRegistry AddLifecycle<TTask, TState>(string name, Action<TaskOptions>? configure = null)
        where TTask : class, ILifecycleTask<TState>
    {
        ArgumentNullException.ThrowIfNull(name);
        var options = new TaskOptions();
        configure?.Invoke(options);
        _declarations.Add(WithLifecycleInvoker(new TaskDeclaration
        {
            Name = name,
            DeclaredAt = $"{DelegateTasks.DeclaredAt} (AddLifecycle<{typeof(TTask).Name}, {typeof(TState).Name}>)",
            Options = options,
            Lifecycle = new LifecycleTaskInfo(typeof(TTask), typeof(TState)),
        }));
        return this;
    }

    private TaskRegistry AddCall(string name, Type? parameters, Type? result, Action<TaskOptions>? configure, Func<TaskContext, Task<object?>> handler)
    {
        ArgumentNullException.ThrowIfNull(name);
        var options = new TaskOptions();
        configure?.Invoke(options);
        _declarations.Add(DelegateTasks.Declare(name, parameters, result, options, handler));
        return this;
    }

    /// <summary>A lifecycle task's invoker: waits for this host's setup, then ticks with its state (untyped context).</summary>
    private static TaskDeclaration WithLifecycleInvoker(TaskDeclaration declaration) => new()
    {
        Name = declaration.Name,
        DeclaredAt = declaration.DeclaredAt,
        Attribute = declaration.Attribute,
        Options = declaration.Options,
        Lifecycle = declaration.Lifecycle,
        CreateInvoker = (definition, lifecycles) => async (run, parameters, services, tasks, logger, cancellationToken) =>
        {
            var task = definition.Value;
            var context = TaskContextFactory.Create(task, run, task.ReadParameters(parameters), logger, services, tasks, cancellationToken);
            await lifecycles.TickAsync(task.Name, context).ConfigureAwait(false);
            return null;
        },
    };
}
