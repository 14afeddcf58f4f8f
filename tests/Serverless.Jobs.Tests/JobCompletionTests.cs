using System.Diagnostics;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Jobs.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Jobs.Tests;

/// <summary>
/// What a durable waiter relies on: the completion message from whoever records the result (the job's last rank when
/// no launcher follows it), and the local launcher's look at runs another process started (orphans after a crash).
/// </summary>
public sealed class JobCompletionTests(AzuriteFixture azurite)
{
    private QueueClient NewQueue() =>
        new(azurite.ConnectionString, AzuriteFixture.UniqueName("done"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    [Fact]
    public async Task RunAsync_LastRankWithACompletionQueue_RecordsTheResultAndSaysSo()
    {
        var queue = NewQueue();
        var store = new JobStore(azurite.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("runner")), queue);
        var registry = new JobRegistry().Add<int, int>("square", (_, x, _) => Task.FromResult(x * x));
        var runner = new JobRunner(store, registry, NullLogger.Instance, _ => { });
        var input = await store.WriteInputAsync("j1", 7, TestContext.Current.CancellationToken);

        var code = await runner.RunAsync(
            new JobInvocation("j1", "square", input, 0, 1, 1, TimeSpan.FromSeconds(30), null, "unused", TimeSpan.FromSeconds(1)),
            TestContext.Current.CancellationToken);

        Assert.Equal(JobExitCodes.Succeeded, code);
        var result = await store.ReadResultAsync("j1", TestContext.Current.CancellationToken);
        Assert.Equal(49, result!.GetOutput<int>());
        var message = Assert.Single((await queue.ReceiveMessagesAsync(32, cancellationToken: TestContext.Current.CancellationToken)).Value);
        Assert.Equal("j1", message.Body.ToObjectFromJson<JobCompletion>(JobJson.Options)!.JobId);
    }

    [Fact]
    public async Task RunAsync_NotTheLastRank_LeavesTheResultToTheLast()
    {
        var queue = NewQueue();
        var store = new JobStore(azurite.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("runner")), queue);
        var registry = new JobRegistry().Add<int, int>("square", (_, x, _) => Task.FromResult(x * x));
        var runner = new JobRunner(store, registry, NullLogger.Instance, _ => { });
        var input = await store.WriteInputAsync("j2", 3, TestContext.Current.CancellationToken);

        await runner.RunAsync(new JobInvocation("j2", "square", input, 1, 2, 1, null, null, "unused", TimeSpan.FromSeconds(1)), TestContext.Current.CancellationToken);

        Assert.Null(await store.ReadResultAsync("j2", TestContext.Current.CancellationToken));
        Assert.False(await queue.ExistsAsync(TestContext.Current.CancellationToken));

        await runner.RunAsync(new JobInvocation("j2", "square", input, 0, 2, 1, null, null, "unused", TimeSpan.FromSeconds(1)), TestContext.Current.CancellationToken);

        var result = await store.ReadResultAsync("j2", TestContext.Current.CancellationToken);
        Assert.Equal(new[] { 9, 9 }, result!.GetOutput<int[]>());
        Assert.Single((await queue.ReceiveMessagesAsync(32, cancellationToken: TestContext.Current.CancellationToken)).Value);
    }

    [Fact]
    public async Task ProbeAsync_OrphanedProcessAlive_IsNullThenCrashedOnceItDiesWithoutAResult()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        using var orphan = Process.Start("sleep", "120");
        var jobId = await RecordOrphanAsync(jobs, orphan, DateTimeOffset.UtcNow);

        Assert.Null(await jobs.Launcher.ProbeAsync(jobId, TestContext.Current.CancellationToken));

        orphan.Kill();
        await orphan.WaitForExitAsync(TestContext.Current.CancellationToken);
        var result = await jobs.Launcher.ProbeAsync(jobId, TestContext.Current.CancellationToken);

        Assert.Equal(JobFailureKind.Crashed, result!.Failure!.Kind);
        Assert.Contains("ended without every rank writing a result", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(result, await jobs.Store.ReadResultAsync(jobId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CancelAsync_OrphanedProcess_KillsItAndRecordsCancelled()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        using var orphan = Process.Start("sleep", "120");
        var jobId = await RecordOrphanAsync(jobs, orphan, DateTimeOffset.UtcNow);

        await jobs.Launcher.CancelAsync(jobId, TestContext.Current.CancellationToken);

        await Poll.UntilAsync(() => !Processes.IsAlive(orphan.Id) || orphan.HasExited, "the orphaned process to be killed");
        Assert.Equal(JobFailureKind.Cancelled, (await jobs.Store.ReadResultAsync(jobId, TestContext.Current.CancellationToken))!.Failure!.Kind);
    }

    [Fact]
    public async Task ProbeAsync_NoProcessEverKnown_IsNullWithinTheStartGraceThenNeverStarted()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        var recent = await RecordOrphanAsync(jobs, process: null, DateTimeOffset.UtcNow);
        var old = await RecordOrphanAsync(jobs, process: null, DateTimeOffset.UtcNow - LocalProcessJobLauncherStartGrace - TimeSpan.FromSeconds(1));

        Assert.Null(await jobs.Launcher.ProbeAsync(recent, TestContext.Current.CancellationToken));
        var result = await jobs.Launcher.ProbeAsync(old, TestContext.Current.CancellationToken);
        Assert.Equal(JobFailureKind.Crashed, result!.Failure!.Kind);
        Assert.Contains("never started", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ProcessRegisteredItselfButWasNeverRecorded_CountsAsRunning()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        using var orphan = Process.Start("sleep", "120");
        var jobId = await RecordOrphanAsync(jobs, process: null, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5));
        await jobs.Store.WriteRankProcessAsync(jobId, new JobProcessRecord(0, orphan.Id, orphan.StartTime.ToUniversalTime()), CancellationToken.None);

        Assert.Null(await jobs.Launcher.ProbeAsync(jobId, TestContext.Current.CancellationToken));
        orphan.Kill();
    }

    private static TimeSpan LocalProcessJobLauncherStartGrace => Serverless.Jobs.Local.LocalProcessJobLauncher.StartGrace;

    /// <summary>A run as a launcher that has since died left it: recorded, with the given process as its one rank.</summary>
    private static async Task<string> RecordOrphanAsync(LocalJobsHarness jobs, Process? process, DateTimeOffset acceptedAt)
    {
        var jobId = LocalJobsHarness.NewJobId();
        var request = new JobRequest(jobId, "hang", JobStore.InputBlobName(jobId), Timeout: TimeSpan.FromMinutes(10));
        IReadOnlyList<JobProcessRecord>? processes = process is null ? null : [new JobProcessRecord(0, process.Id, process.StartTime.ToUniversalTime())];
        Assert.True(await jobs.Store.TryCreateRunAsync(new JobRunRecord(request, "Local", acceptedAt, Processes: processes), CancellationToken.None));
        return jobId;
    }
}
