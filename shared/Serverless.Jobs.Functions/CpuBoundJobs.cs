using System.Reflection;

namespace Serverless.Jobs.Functions;

/// <summary>
/// Job mode of a function app: the app's own binary runs one rank of a CPU-bound task and exits. At the top of Program.cs:
/// <code>if (JobEntryPoint.IsJobMode(args)) return await CpuBoundJobs.RunAsync(args);</code>
/// </summary>
public static class CpuBoundJobs
{
    /// <summary>The job registry of every <see cref="CpuBoundTaskAttribute"/> task in the app's assemblies.</summary>
    public static JobRegistry CreateRegistry(Assembly? application = null)
    {
        var registry = new JobRegistry();
        foreach (var task in CpuBoundTaskScanner.Scan(application))
        {
            task.AddTo(registry);
        }

        return registry;
    }

    /// <summary>Runs the job the arguments name (see <see cref="JobEntryPoint.RunAsync"/>) and returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, Assembly? application = null, CancellationToken cancellationToken = default) =>
        JobEntryPoint.RunAsync(args, CreateRegistry(application ?? Assembly.GetEntryAssembly()), cancellationToken);
}
