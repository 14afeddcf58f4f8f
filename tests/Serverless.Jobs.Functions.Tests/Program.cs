using Serverless.Jobs;
using Serverless.Jobs.Functions;

namespace Serverless.Jobs.Functions.Tests;

/// <summary>
/// The test binary is also the job binary of its own tests: the local launcher starts this executable with the
/// job-mode switch, and it runs the [CpuBoundTask] methods of this assembly, as a function app does.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (JobEntryPoint.IsJobMode(args))
        {
            return await CpuBoundJobs.RunAsync(args, typeof(Program).Assembly);
        }

        if (args.Any(arg => arg is "--server" or "--internal-msbuild-node"))
        {
            return await Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions);
        }

        return await Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args);
    }
}
