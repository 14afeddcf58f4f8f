using System.Text.Json;

namespace Serverless.Jobs.Functions;

/// <summary>What <c>CallJobAsync</c> asks of the job sub-orchestration: the task, its input, and who waits.</summary>
/// <param name="TaskName">A job task registered in the app's <see cref="JobRegistry"/>.</param>
/// <param name="Input">The task's input as JSON (serialized with <see cref="JobJson.Options"/>).</param>
/// <param name="Caller">The calling orchestration's instance id: when it ends (terminated, say), the job is stopped.</param>
/// <param name="Timeout">The run's wall-clock limit; null: the task's <see cref="CpuBoundAttribute.TimeoutSeconds"/>.</param>
/// <param name="Waiting">Set when the waiter continued as new: the run it waits for, which is not started again.</param>
public sealed record JobCall(string TaskName, JsonElement? Input, string Caller, TimeSpan? Timeout = null, JobWait? Waiting = null);

/// <summary>A run being waited for, carried over <c>ContinueAsNew</c>: its id, when the waiter stops it, and the check settings.</summary>
public sealed record JobWait(string JobId, DateTime Deadline, TimeSpan CheckInterval, int ChecksPerGeneration);

/// <summary>The start activity's input: the job id (instance id + a replay-safe GUID), the waiting instance and the call.</summary>
public sealed record JobStart(string JobId, string Waiter, JobCall Call);

/// <summary>What the start activity recorded: how long the run may take, how often the waiter looks at it, and how many looks before it continues as new.</summary>
public sealed record JobStarted(string JobId, TimeSpan Timeout, TimeSpan CheckInterval, int ChecksPerGeneration);

/// <summary>The check activity's input.</summary>
public sealed record JobCheck(string JobId, string Caller);
