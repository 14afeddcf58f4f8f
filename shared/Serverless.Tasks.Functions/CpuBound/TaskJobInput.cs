using System.Text.Json;

namespace Serverless.Tasks.Functions.CpuBound;

/// <summary>The input blob of a CPU-bound run's job: the run's facts and its parameters (TaskJson).</summary>
internal sealed record TaskJobInput(string RunId, string Task, int Attempt, int Priority, DateTimeOffset? DueTime, string? ScheduleId, JsonElement? Parameters)
{
    /// <summary>The job task name of a CPU-bound task: prefixed, so it never meets a [CpuBoundTask] name in the job registry.</summary>
    public static string JobTaskName(string task) => $"task:{task}";

    /// <summary>The job id of one attempt of a run: a redelivery of the same attempt finds its job, a new attempt starts a new one.</summary>
    public static string JobId(TaskRun run) =>
        Serverless.Jobs.JobStore.JobIdFor("task", run.RunId, run.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
