using Serverless.Jobs;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>
/// The test binary is also the job binary of its own CPU-bound tasks: the local launcher starts this executable with
/// the job-mode switch, and it runs the task through <see cref="TaskJobs"/>, as a function app does.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (JobEntryPoint.IsJobMode(args))
        {
            return await TaskJobs.RunAsync(args, typeof(Program).Assembly);
        }

        if (args.Any(arg => arg is "--server" or "--internal-msbuild-node"))
        {
            return await Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions);
        }

        return await Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args);
    }
}
