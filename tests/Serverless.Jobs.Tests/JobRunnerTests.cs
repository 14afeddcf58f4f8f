using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Testing;

namespace Serverless.Jobs.Tests;

/// <summary>The job side in process: outcomes written to the store, the timeout and its watchdog.</summary>
public sealed class JobRunnerTests(AzuriteFixture azurite)
{
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private (JobRunner Runner, JobStore Store) Create(JobRegistry registry)
    {
        var store = new JobStore(azurite.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("runner")));
        return (new JobRunner(store, registry, NullLogger.Instance, code => _exited.TrySetResult(code)), store);
    }

    private static JobInvocation Invocation(string jobId, string task, string input, double timeoutSeconds) =>
        new(jobId, task, input, 0, 1, 1, TimeSpan.FromSeconds(timeoutSeconds), null, "unused", TimeSpan.FromMilliseconds(300));

    [Fact]
    public async Task RunAsync_FunctionHonoursTimeout_RecordsTimedOutWithoutTheWatchdog()
    {
        var registry = new JobRegistry().Add<int, int>("wait", async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        });
        var (runner, store) = Create(registry);
        var input = await store.WriteInputAsync("j1", 1, TestContext.Current.CancellationToken);

        var code = await runner.RunAsync(Invocation("j1", "wait", input, 0.2), TestContext.Current.CancellationToken);

        Assert.Equal(JobExitCodes.TimedOut, code);
        var outcome = await store.ReadRankOutcomeAsync("j1", 0, CancellationToken.None);
        Assert.Equal(JobFailureKind.TimedOut, outcome!.Failure!.Kind);
        Assert.False(_exited.Task.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_FunctionIgnoresTimeout_WatchdogRecordsTimedOutAndEndsTheProcess()
    {
        var stuck = new TaskCompletionSource<int>();
        var registry = new JobRegistry().Add<int, int>("stuck", (_, _, _) => stuck.Task);
        var (runner, store) = Create(registry);
        var input = await store.WriteInputAsync("j2", 1, TestContext.Current.CancellationToken);

        _ = runner.RunAsync(Invocation("j2", "stuck", input, 0.2), TestContext.Current.CancellationToken);

        Assert.Equal(JobExitCodes.TimedOut, await _exited.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        var outcome = await store.ReadRankOutcomeAsync("j2", 0, CancellationToken.None);
        Assert.Equal(JobFailureKind.TimedOut, outcome!.Failure!.Kind);
        Assert.Contains("ignored cancellation", outcome.Failure.Message, StringComparison.Ordinal);
        stuck.SetResult(0);
    }

    [Fact]
    public async Task RunAsync_InputNotValidJson_RecordsFailedNamingTheType()
    {
        var registry = new JobRegistry().Add<int, int>("square", (_, x, _) => Task.FromResult(x * x));
        var (runner, store) = Create(registry);
        var input = await store.WriteInputAsync("j3", BinaryData.FromString("{\"not\":\"a number\"}"), TestContext.Current.CancellationToken);

        var code = await runner.RunAsync(Invocation("j3", "square", input, 30), TestContext.Current.CancellationToken);

        Assert.Equal(JobExitCodes.Failed, code);
        var outcome = await store.ReadRankOutcomeAsync("j3", 0, CancellationToken.None);
        Assert.Contains("not valid JSON for task 'square' (Int32)", outcome!.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CpuBound_ToRequest_CarriesTheResourceRequest()
    {
        var request = new CpuBoundAttribute { Cpus = 2, MemoryGiB = 4, Ranks = 4, Nodes = 2, TimeoutSeconds = 600 }.ToRequest("job-7", "EstimatePi");

        Assert.Equal(new JobRequest("job-7", "EstimatePi", "job-7/input.json", 2, 4, 4, 2, TimeSpan.FromMinutes(10)), request);
        request.Validate();
    }
}
