using Serverless.Jobs.Tests.TestSupport;
using Serverless.Jobs.TestJob;
using Serverless.Testing;

namespace Serverless.Jobs.Tests.Local;

/// <summary>The cap on concurrent jobs, and waiting on a run from another launcher (as after a restart).</summary>
public sealed class LocalProcessJobLauncherCapacityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartAsync_TwoJobsOverTheCpuCap_SecondStartsAfterFirstEnds()
    {
        await using var jobs = new LocalJobsHarness(azurite, o => o.Local.MaxCpus = 1);
        var dir = Directory.CreateTempSubdirectory("jobs-cap-").FullName;
        HoldInput Hold(string name) => new(Path.Combine(dir, name + ".started"), Path.Combine(dir, name + ".release"));
        var (a, b) = (Hold("a"), Hold("b"));

        var first = await jobs.StartAsync("hold", a, cpus: 1);
        var second = await jobs.StartAsync("hold", b, cpus: 1);
        await Poll.UntilAsync(() => File.Exists(a.StartedFile), "the first job to start");
        await Poll.UntilAsync(() => jobs.Local.Gate.Waiting == 1, "the second job to wait for capacity");
        Assert.False(File.Exists(b.StartedFile));
        Assert.Empty(jobs.ProcessIds(second));

        await File.WriteAllTextAsync(a.ReleaseFile, "go", TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => File.Exists(b.StartedFile), "the second job to start");
        await File.WriteAllTextAsync(b.ReleaseFile, "go", TestContext.Current.CancellationToken);

        var firstOutput = (await jobs.Launcher.WaitAsync(first)).GetOutput<HoldOutput>()!;
        var secondOutput = (await jobs.Launcher.WaitAsync(second)).GetOutput<HoldOutput>()!;
        Assert.True(secondOutput.StartedAt >= firstOutput.EndedAt, $"{secondOutput.StartedAt:O} should follow {firstOutput.EndedAt:O}");
        Assert.Equal(0, jobs.Local.Gate.UsedCpus, 6);
    }

    [Fact]
    public async Task StartAsync_TwoJobsWithinTheCap_RunAtTheSameTime()
    {
        await using var jobs = new LocalJobsHarness(azurite, o => o.Local.MaxCpus = 2);
        var dir = Directory.CreateTempSubdirectory("jobs-cap-").FullName;
        HoldInput Hold(string name) => new(Path.Combine(dir, name + ".started"), Path.Combine(dir, name + ".release"));
        var (a, b) = (Hold("a"), Hold("b"));

        var first = await jobs.StartAsync("hold", a, cpus: 1);
        var second = await jobs.StartAsync("hold", b, cpus: 1);
        await Poll.UntilAsync(() => File.Exists(a.StartedFile) && File.Exists(b.StartedFile), "both jobs to run at once");
        await File.WriteAllTextAsync(a.ReleaseFile, "go", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(b.ReleaseFile, "go", TestContext.Current.CancellationToken);

        Assert.True((await jobs.Launcher.WaitAsync(first)).Succeeded);
        Assert.True((await jobs.Launcher.WaitAsync(second)).Succeeded);
    }

    [Fact]
    public async Task WaitAsync_FromAnotherLauncherInstance_ResumesByJobIdFromTheStore()
    {
        await using var starter = new LocalJobsHarness(azurite);
        await using var resumed = new LocalJobsHarness(azurite, container: starter.ContainerName);
        var dir = Directory.CreateTempSubdirectory("jobs-resume-").FullName;
        var hold = new HoldInput(Path.Combine(dir, "started"), Path.Combine(dir, "release"));
        var jobId = await starter.StartAsync("hold", hold);

        var waiting = resumed.Launcher.WaitAsync(jobId, TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => File.Exists(hold.StartedFile), "the job to start");
        Assert.False(waiting.IsCompleted);
        await File.WriteAllTextAsync(hold.ReleaseFile, "go", TestContext.Current.CancellationToken);

        var result = await waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.NotNull(result.GetOutput<HoldOutput>());
    }

    [Fact]
    public async Task WaitAsync_RunOfADeadLauncherPastItsTimeout_ReportsTimedOut()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        var jobId = LocalJobsHarness.NewJobId();
        var request = new JobRequest(jobId, "square", "in.json", Timeout: TimeSpan.FromMinutes(1));
        await jobs.Store.TryCreateRunAsync(new JobRunRecord(request, "Local", DateTimeOffset.UtcNow.AddHours(-1)), CancellationToken.None);

        var result = await jobs.Launcher.WaitAsync(jobId, TestContext.Current.CancellationToken);

        Assert.Equal(JobFailureKind.TimedOut, result.Failure!.Kind);
        Assert.Contains("launcher restarted", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(result, await jobs.Store.ReadResultAsync(jobId, TestContext.Current.CancellationToken));
    }
}
