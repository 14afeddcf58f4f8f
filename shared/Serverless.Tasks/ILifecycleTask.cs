namespace Serverless.Tasks;

/// <summary>
/// A task with a lifecycle: <see cref="SetupAsync"/> once when each host starts, <see cref="TickAsync"/> on every run
/// (its trigger or an enqueue) with the state setup returned on the host that runs the tick, and
/// <see cref="CleanupAsync"/> when the host shuts down. Declare it with <see cref="TaskAttribute"/> on the class.
/// </summary>
public interface ILifecycleTask<TState>
{
    Task<TState> SetupAsync(CancellationToken cancellationToken);

    Task TickAsync(TState state, TaskContext context);

    Task CleanupAsync(TState state, CancellationToken cancellationToken);
}
