using System.Text.RegularExpressions;
using Serverless.Jobs.Tests.TestSupport;
using Serverless.Jobs.TestJob;
using Serverless.Testing;

namespace Serverless.Jobs.Tests.Local;

/// <summary>Timeout, cancel and shutdown kill the whole process tree: no orphan survives.</summary>
public sealed partial class LocalProcessJobLauncherKillTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WaitAsync_TaskIgnoresTimeout_KillsItAndReportsTimedOut()
    {
        await using var jobs = new LocalJobsHarness(azurite);

        var result = await jobs.RunAsync("hang", new Empty(), timeout: TimeSpan.FromSeconds(2));

        Assert.Equal(JobFailureKind.TimedOut, result.Failure!.Kind);
        Assert.Contains("exceeded its timeout of 00:00:02", result.Failure.Message, StringComparison.Ordinal);
        await Poll.UntilAsync(() => !Processes.IsAlive(jobs.ProcessIds(result.JobId).Single()), "the timed-out process to be gone");
    }

    [Fact]
    public async Task CancelAsync_TaskWithGrandchild_KillsTheWholeTree()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        var jobId = await jobs.StartAsync("spawn", new Empty());
        var grandchild = await GrandchildPidAsync(jobs, jobId);
        var child = jobs.ProcessIds(jobId).Single();
        Assert.True(Processes.IsAlive(child));
        Assert.True(Processes.IsAlive(grandchild));

        await jobs.Launcher.CancelAsync(jobId);
        var result = await jobs.Launcher.WaitAsync(jobId);

        Assert.Equal(JobFailureKind.Cancelled, result.Failure!.Kind);
        Assert.Contains("cancelled", result.Failure.Message, StringComparison.Ordinal);
        await Poll.UntilAsync(() => !Processes.IsAlive(child), "the job process to be gone");
        await Poll.UntilAsync(() => !Processes.IsAlive(grandchild), "the grandchild process to be gone");
    }

    [Fact]
    public async Task DisposeAsync_WhileTaskRuns_KillsItAndRecordsCancelled()
    {
        var jobs = new LocalJobsHarness(azurite);
        var jobId = await jobs.StartAsync("spawn", new Empty());
        var grandchild = await GrandchildPidAsync(jobs, jobId);
        var child = jobs.ProcessIds(jobId).Single();

        await jobs.DisposeAsync();

        var result = await jobs.Store.ReadResultAsync(jobId);
        Assert.Equal(JobFailureKind.Cancelled, result!.Failure!.Kind);
        Assert.Contains("host shutdown", result.Failure.Message, StringComparison.Ordinal);
        await Poll.UntilAsync(() => !Processes.IsAlive(child) && !Processes.IsAlive(grandchild), "both processes to be gone");
    }

    [Fact]
    public async Task CancelAsync_WhileWaitingForCapacity_ReportsCancelledWithoutStarting()
    {
        await using var jobs = new LocalJobsHarness(azurite, o => o.Local.MaxCpus = 1);
        var dir = Directory.CreateTempSubdirectory("jobs-cap-").FullName;
        var running = await jobs.StartAsync("hold", new HoldInput(Path.Combine(dir, "a.started"), Path.Combine(dir, "a.release")), cpus: 1);
        var queued = await jobs.StartAsync("square", new SquareInput(2), cpus: 1);
        await Poll.UntilAsync(() => jobs.Local.Gate.Waiting == 1, "the second job to wait for capacity");

        await jobs.Launcher.CancelAsync(queued);
        await File.WriteAllTextAsync(Path.Combine(dir, "a.release"), "go", TestContext.Current.CancellationToken);

        Assert.Equal(JobFailureKind.Cancelled, (await jobs.Launcher.WaitAsync(queued)).Failure!.Kind);
        Assert.Empty(jobs.ProcessIds(queued));
        Assert.True((await jobs.Launcher.WaitAsync(running)).Succeeded);
    }

    private static async Task<int> GrandchildPidAsync(LocalJobsHarness jobs, string jobId)
    {
        var line = await Poll.ForValueAsync(
            () => Task.FromResult(jobs.Logs.Entries.Select(e => e.Message).FirstOrDefault(m => m.Contains(jobId, StringComparison.Ordinal) && m.Contains("child-pid", StringComparison.Ordinal))),
            "the job to report its grandchild's pid");
        return int.Parse(ChildPid().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"child-pid (\d+)")]
    private static partial Regex ChildPid();
}
