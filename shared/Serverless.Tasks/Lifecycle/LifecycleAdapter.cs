namespace Serverless.Tasks.Lifecycle;

/// <summary>Calls an <see cref="ILifecycleTask{TState}"/> without knowing its state type.</summary>
internal interface ILifecycleAdapter
{
    Task<object?> SetupAsync(object instance, CancellationToken cancellationToken);

    Task TickAsync(object instance, object? state, TaskContext context);

    Task CleanupAsync(object instance, object? state, CancellationToken cancellationToken);
}

internal sealed class LifecycleAdapter<TTask, TState> : ILifecycleAdapter
    where TTask : class, ILifecycleTask<TState>
{
    public async Task<object?> SetupAsync(object instance, CancellationToken cancellationToken) =>
        await ((TTask)instance).SetupAsync(cancellationToken).ConfigureAwait(false);

    public Task TickAsync(object instance, object? state, TaskContext context) => ((TTask)instance).TickAsync((TState)state!, context);

    public Task CleanupAsync(object instance, object? state, CancellationToken cancellationToken) =>
        ((TTask)instance).CleanupAsync((TState)state!, cancellationToken);
}

internal static class LifecycleAdapter
{
    /// <summary>The adapter of a lifecycle class known by its types.</summary>
    public static ILifecycleAdapter Create(Type taskType, Type stateType) =>
        (ILifecycleAdapter)Activator.CreateInstance(typeof(LifecycleAdapter<,>).MakeGenericType(taskType, stateType))!;

    /// <summary>The state type of a class implementing <see cref="ILifecycleTask{TState}"/> once; null otherwise.</summary>
    public static Type? FindStateType(Type type)
    {
        var states = type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ILifecycleTask<>))
            .Select(i => i.GetGenericArguments()[0]).ToList();
        return states.Count == 1 ? states[0] : null;
    }
}
