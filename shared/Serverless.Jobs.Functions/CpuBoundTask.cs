using System.Reflection;

namespace Serverless.Jobs.Functions;

/// <summary>A declared CPU-bound task: its name, method, types and resource request.</summary>
internal sealed record CpuBoundTask(string Name, MethodInfo Method, Type InputType, Type OutputType, CpuBoundAttribute Resources)
{
    /// <summary>How the host's banner shows the task.</summary>
    public string Describe() =>
        $"{Name}: cpuBoundJob (ranks {Resources.Ranks}, cpus {Resources.Cpus}, memory {Resources.MemoryGiB} GiB, " +
        $"timeout {(Resources.TimeoutSeconds > 0 ? $"{Resources.TimeoutSeconds} s" : "default")})";

    /// <summary>The output type the activity returns: the task's output, or an array of it for several ranks.</summary>
    public Type ActivityOutputType => Resources.Ranks > 1 ? OutputType.MakeArrayType() : OutputType;

    /// <summary>Registers the method with a job registry (job mode), typed by its input and output.</summary>
    public void AddTo(JobRegistry registry) =>
        typeof(CpuBoundTask).GetMethod(nameof(AddTyped), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(InputType, OutputType)
            .Invoke(null, [registry, this]);

    private static void AddTyped<TInput, TOutput>(JobRegistry registry, CpuBoundTask task)
    {
        var function = task.Method.CreateDelegate<Func<JobContext, TInput, CancellationToken, Task<TOutput>>>();
        registry.Add(task.Name, function);
    }
}
