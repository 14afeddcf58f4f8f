namespace Serverless.Jobs.Functions;

/// <summary>
/// Declares a CPU-bound task: a static method <c>(JobContext, TInput, CancellationToken) -> Task&lt;TOutput&gt;</c> that
/// runs as a job (a child process of the app's own binary locally, a Container Apps job execution in Azure) and that
/// orchestrators call like an activity, by <see cref="Name"/>. Put <see cref="CpuBoundAttribute"/> next to it for the
/// resource request.
/// <code>
/// [CpuBoundTask("EstimatePi"), CpuBound(Cpus = 1, MemoryGiB = 1, Ranks = 4, TimeoutSeconds = 600)]
/// public static Task&lt;PiSample&gt; EstimatePi(JobContext context, PiRequest input, CancellationToken cancellationToken) { ... }
/// </code>
/// A run with more than one rank returns the outputs of all ranks as an array in rank order
/// (<c>CallActivityAsync&lt;TOutput[]&gt;</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CpuBoundTaskAttribute(string name) : Attribute
{
    /// <summary>The task's name: the activity name orchestrators call and the job's task name.</summary>
    public string Name { get; } = name;
}
