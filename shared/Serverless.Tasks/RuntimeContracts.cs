namespace Serverless.Tasks;

/// <summary>
/// Told when a run reaches an end (succeeded, skipped, aborted, dead-lettered), after the status is stored; told again
/// when a redelivered message finds the run ended (a crash in between), so an observer must be idempotent.
/// The chain orchestrations use it to learn their steps' outcomes.
/// </summary>
internal interface ITaskRunObserver
{
    Task OnRunEndedAsync(TaskRun run, CancellationToken cancellationToken);
}

/// <summary>
/// Starts the chain of a task with dependencies (RunBefore/RunAfter) as a durable orchestration. The client calls it
/// for such a task after writing the root run held (<see cref="EnqueueOptions.Hold"/>); the chain releases the root run
/// when its prerequisites are done. Starting the same run id twice does nothing.
/// </summary>
internal interface ITaskChainStarter
{
    Task StartChainAsync(TaskDefinition task, string runId, System.Text.Json.JsonElement? parameters, CancellationToken cancellationToken);
}

/// <summary>Runs one attempt of a CPU-bound task as a job and returns its result; failures throw.</summary>
internal interface ICpuBoundTaskRunner
{
    Task<System.Text.Json.JsonElement?> RunAsync(TaskDefinition task, TaskRun run, CancellationToken cancellationToken);
}

/// <summary>The host's idle capacity, for opportunistic runs.</summary>
internal interface IHostCapacity
{
    /// <summary>True when an opportunistic run needing <paramref name="memoryGiB"/> may start now.</summary>
    bool HasIdleCapacity(double memoryGiB);
}
