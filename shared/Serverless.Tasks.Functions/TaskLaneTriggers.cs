using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Tasks.Runtime;

namespace Serverless.Tasks.Functions;

/// <summary>
/// The task lanes of the app's namespace: one queue-triggered function per priority and one for opportunistic runs,
/// each on the queue its setting names (<see cref="TaskLaneSettings"/>). Every lane is its own listener, so the Functions
/// host polls and scales each: a Critical run never waits behind a backlog of Low ones. Each message goes to the
/// dispatcher; the trigger deletes it when the dispatcher returns, renews it while the run runs, and gives it back (then
/// poisons it after <c>maxDequeueCount</c>) when the dispatcher throws.
/// </summary>
public sealed class TaskLaneTriggers(IServiceProvider services)
{
    // The runtime's types are internal: the function class (public, for the generated executor) resolves them.
    private readonly TaskDispatcher _dispatcher = services.GetRequiredService<TaskDispatcher>();
    private readonly TaskLaneSettings _lanes = services.GetRequiredService<TaskLaneSettings>();

    [Function("serverless_tasks_critical")]
    public Task CriticalAsync([QueueTrigger($"%{TaskLaneSettings.Critical}%")] string message, string id, long dequeueCount, CancellationToken cancellationToken) =>
        DispatchAsync(TaskLaneSettings.Critical, message, id, dequeueCount, cancellationToken);

    [Function("serverless_tasks_high")]
    public Task HighAsync([QueueTrigger($"%{TaskLaneSettings.High}%")] string message, string id, long dequeueCount, CancellationToken cancellationToken) =>
        DispatchAsync(TaskLaneSettings.High, message, id, dequeueCount, cancellationToken);

    [Function("serverless_tasks_normal")]
    public Task NormalAsync([QueueTrigger($"%{TaskLaneSettings.Normal}%")] string message, string id, long dequeueCount, CancellationToken cancellationToken) =>
        DispatchAsync(TaskLaneSettings.Normal, message, id, dequeueCount, cancellationToken);

    [Function("serverless_tasks_low")]
    public Task LowAsync([QueueTrigger($"%{TaskLaneSettings.Low}%")] string message, string id, long dequeueCount, CancellationToken cancellationToken) =>
        DispatchAsync(TaskLaneSettings.Low, message, id, dequeueCount, cancellationToken);

    [Function("serverless_tasks_idle")]
    public Task IdleAsync([QueueTrigger($"%{TaskLaneSettings.Idle}%")] string message, string id, long dequeueCount, CancellationToken cancellationToken) =>
        DispatchAsync(TaskLaneSettings.Idle, message, id, dequeueCount, cancellationToken);

    private Task DispatchAsync(string setting, string message, string id, long dequeueCount, CancellationToken cancellationToken) =>
        _dispatcher.HandleAsync(new TaskQueueMessage(_lanes.QueueOf(setting), id, message, dequeueCount), cancellationToken);
}
