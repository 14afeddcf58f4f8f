using Serverless.Jobs;

namespace Serverless.Orchestrations;

/// <summary>
/// The app's CPU-bound job tasks, by name: what the app runs in job mode (<c>Program.cs</c>) and what orchestrations
/// call with <c>context.CallJobAsync</c>. Each task's resources come from the <see cref="CpuBoundAttribute"/> on its method.
/// </summary>
public static class JobTasks
{
    public static JobRegistry Registry { get; } = new JobRegistry()
        .Add<PiSampling, PiSample>(EstimatePi.Task, EstimatePi.SampleAsync);
}
