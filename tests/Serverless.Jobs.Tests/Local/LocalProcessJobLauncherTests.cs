using System.Text.Json;
using Serverless.Jobs.Tests.TestSupport;
using Serverless.Jobs.TestJob;
using Serverless.Testing;

namespace Serverless.Jobs.Tests.Local;

/// <summary>The local launcher against real child processes of the TestJob binary and a real Azurite.</summary>
public sealed class LocalProcessJobLauncherTests(AzuriteFixture azurite)
{
    private static readonly Empty None = new();

    [Fact]
    public async Task WaitAsync_SquareTask_ReturnsTypedOutputAndWritesLog()
    {
        await using var jobs = new LocalJobsHarness(azurite);

        var result = await jobs.RunAsync("square", new SquareInput(12));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var output = result.GetOutput<SquareOutput>()!;
        Assert.Equal(144, output.Square);
        Assert.Equal(1, output.RankCount);
        Assert.Equal(result, await jobs.Store.ReadResultAsync(result.JobId));
        var log = await jobs.Store.ReadLogAsync(result.JobId);
        Assert.Contains("[rank 0 stderr]", log, StringComparison.Ordinal);
        Assert.Contains("starting", log, StringComparison.Ordinal);
        Assert.Contains(jobs.Logs.Entries, e => e.EventId == 5023 && e.Message.Contains(result.JobId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitAsync_TaskThrows_ReportsFailedWithErrorTypeExitCodeAndStderrTail()
    {
        await using var jobs = new LocalJobsHarness(azurite);

        var result = await jobs.RunAsync("fail", new FailInput("because the test said so"));

        Assert.False(result.Succeeded);
        var failure = result.Failure!;
        Assert.Equal(JobFailureKind.Failed, failure.Kind);
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.ErrorType);
        Assert.Contains("asked to fail: because the test said so", failure.Message, StringComparison.Ordinal);
        Assert.Contains("task 'fail'", failure.Message, StringComparison.Ordinal);
        Assert.Equal(JobExitCodes.Failed, failure.ExitCode);
        Assert.Contains("InvalidOperationException", failure.StderrTail, StringComparison.Ordinal);
        var thrown = Assert.Throws<JobFailedException>(() => result.GetOutput<Empty>());
        Assert.Same(result, thrown.Result);
    }

    [Fact]
    public async Task WaitAsync_ProcessExitsWithoutResult_ReportsCrashedWithExitCodeAndStderrTail()
    {
        await using var jobs = new LocalJobsHarness(azurite);

        var result = await jobs.RunAsync("crash", None);

        Assert.Equal(JobFailureKind.Crashed, result.Failure!.Kind);
        Assert.Equal(42, result.Failure.ExitCode);
        Assert.Contains("exited with code 42 without writing a result", result.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("about to crash on purpose", result.Failure.StderrTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_InputBlobMissing_ReportsInputMissingNamingTheBlob()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        var jobId = LocalJobsHarness.NewJobId();

        await jobs.Launcher.StartAsync(new JobRequest(jobId, "square", "nowhere/input.json", 0.5, 0.5));
        var result = await jobs.Launcher.WaitAsync(jobId);

        Assert.Equal(JobFailureKind.InputMissing, result.Failure!.Kind);
        Assert.Contains("'nowhere/input.json'", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(JobExitCodes.InputMissing, result.Failure.ExitCode);
    }

    [Fact]
    public async Task WaitAsync_UnknownTask_ReportsFailedListingRegisteredTasks()
    {
        await using var jobs = new LocalJobsHarness(azurite);

        var result = await jobs.RunAsync("no-such-task", None);

        Assert.Equal(JobFailureKind.Failed, result.Failure!.Kind);
        Assert.Contains("not registered", result.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("square", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(JobExitCodes.Usage, result.Failure.ExitCode);
    }

    [Fact]
    public async Task WaitAsync_ProcessKilledBySigkill_ReportsOutOfMemory()
    {
        await using var jobs = new LocalJobsHarness(azurite);

        var result = await jobs.RunAsync("sigkill", None);

        Assert.Equal(JobFailureKind.OutOfMemory, result.Failure!.Kind);
        Assert.Equal(JobExitCodes.KilledBySigkill, result.Failure.ExitCode);
        Assert.Contains("SIGKILL", result.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("killing myself", result.Failure.StderrTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_TaskExceedsMemoryRequest_ReportsOutOfMemory()
    {
        await using var jobs = new LocalJobsHarness(azurite);

        var result = await jobs.RunAsync("oom", None, memoryGiB: 0.25);

        Assert.Equal(JobFailureKind.OutOfMemory, result.Failure!.Kind);
        Assert.Equal(JobExitCodes.OutOfMemory, result.Failure.ExitCode);
        Assert.Contains("ran out of memory", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_Ranks_EachProcessSeesItsRankAndTheRankCount()
    {
        await using var jobs = new LocalJobsHarness(azurite);

        var result = await jobs.RunAsync("rank", None, cpus: 0.5, ranks: 3);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var outputs = result.GetOutput<RankOutput[]>()!;
        Assert.Equal([0, 1, 2], outputs.Select(o => o.Rank));
        Assert.All(outputs, o => Assert.Equal(3, o.RankCount));
        Assert.Equal(3, outputs.Select(o => o.ProcessId).Distinct().Count());
        Assert.Equal(outputs.Select(o => o.ProcessId).Order(), jobs.ProcessIds(result.JobId).Order());
    }

    [Fact]
    public async Task StartAsync_SameJobIdTwice_RunsOnce()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        var jobId = LocalJobsHarness.NewJobId();
        var input = await jobs.Store.WriteInputAsync(jobId, new SquareInput(3));
        var request = new JobRequest(jobId, "square", input, 0.5, 0.5);

        await jobs.Launcher.StartAsync(request);
        await jobs.Launcher.StartAsync(request);
        var result = await jobs.Launcher.WaitAsync(jobId);

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Single(jobs.ProcessIds(jobId));
    }

    [Fact]
    public async Task WaitAsync_UnknownJobId_ThrowsKeyNotFound()
    {
        await using var jobs = new LocalJobsHarness(azurite);

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => jobs.Launcher.WaitAsync("never-started"));

        Assert.Contains("never-started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputJson_OfSeveralRanks_IsAJsonArrayInRankOrder()
    {
        var combined = JobStore.CombineOutputs([new RankOutcome(0, true, "1", null), new RankOutcome(1, true, "{\"a\":2}", null)]);

        Assert.Equal("[1,{\"a\":2}]", combined);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(combined!).RootElement.ValueKind);
    }
}
