using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Serverless.Jobs;

/// <summary>
/// Job mode of an app: the same binary that hosts the functions runs one job function and exits.
/// Call it at the top of <c>Program.Main</c>:
/// <code>if (JobEntryPoint.IsJobMode(args)) return await JobEntryPoint.RunAsync(args, registry);</code>
/// </summary>
public static partial class JobEntryPoint
{
    /// <summary>The command-line switch that puts the app in job mode.</summary>
    public const string JobModeSwitch = "--serverless-job";

    public static bool IsJobMode(string[] args) =>
        args is not null && args.Any(a => string.Equals(a, JobModeSwitch, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Runs the job named by the arguments (or environment), writes its outcome to the rank's result blob and returns the
    /// process exit code (<see cref="JobExitCodes"/>). SIGTERM and SIGINT cancel the job function's token.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, JobRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(registry);
        using var loggerFactory = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        using var signalled = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);

        JobInvocation invocation;
        JobStore store;
        try
        {
            invocation = JobInvocation.Parse(args, Environment.GetEnvironmentVariable);
            store = JobStorage.FromEnvironment(invocation.Storage, invocation.Container, Environment.GetEnvironmentVariable);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return JobExitCodes.Usage;
        }

        var runner = new JobRunner(store, registry, loggerFactory.CreateLogger("Serverless.Jobs.Job"), Environment.Exit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signalled.Token);
        return await runner.RunAsync(invocation, linked.Token).ConfigureAwait(false);

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            signalled.Cancel();
        }
    }
}
