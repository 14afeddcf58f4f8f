namespace Serverless.Jobs;

/// <summary>
/// Marks a task as CPU-bound: it runs as a job (a separate process locally, a Container Apps job execution in Azure),
/// never on the host that serves timers, queues and HTTP. Carries the task's resource request.
/// <code>
/// [Function("EstimatePi"), CpuBound(Cpus = 2, MemoryGiB = 4, Ranks = 4, TimeoutSeconds = 600)]
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CpuBoundAttribute : Attribute
{
    /// <summary>CPU cores per rank.</summary>
    public double Cpus { get; set; } = 1;

    /// <summary>Memory per rank in GiB.</summary>
    public double MemoryGiB { get; set; } = 2;

    /// <summary>Parallel processes of one run; each is told its rank and the rank count.</summary>
    public int Ranks { get; set; } = 1;

    /// <summary>Machines the ranks spread over.</summary>
    public int Nodes { get; set; } = 1;

    /// <summary>Wall-clock limit of a run in seconds; 0 means <see cref="JobRequest.DefaultTimeout"/>.</summary>
    public int TimeoutSeconds { get; set; }

    /// <summary>The request of one run of <paramref name="taskName"/> with this resource request.</summary>
    public JobRequest ToRequest(string jobId, string taskName) =>
        new(jobId, taskName, JobStore.InputBlobName(jobId), Cpus, MemoryGiB, Ranks, Nodes, TimeSpan.FromSeconds(TimeoutSeconds));
}
