using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask;
using Serverless.DurableTask.Client;
using Serverless.Testing;

namespace Serverless.Jobs.Functions.Tests;

/// <summary>Orchestrations call CPU-bound tasks like activities; the tasks run as real child processes.</summary>
public sealed class CpuBoundActivityTests(AzuriteFixture azurite)
{
    private static CancellationToken Timeout()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(60));
        return cts.Token;
    }

    private static async Task<OrchestrationMetadata> RunAsync(Serverless.Host.Testing.TestFunctionHost host, string name, object? input = null)
    {
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, cancellation: TestContext.Current.CancellationToken);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());
    }

    [Fact]
    public async Task CallActivity_CpuBoundTask_ReturnsTypedResultFromAChildProcess()
    {
        await using var host = await JobsHosts.StartAsync(azurite, JobsHosts.Settings());

        var done = await RunAsync(host, "call_square", new SquareInput(12));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var output = done.ReadOutputAs<SquareOutput>()!;
        Assert.Equal(144, output.Square);
        Assert.NotEqual(Environment.ProcessId, output.ProcessId);
    }

    [Fact]
    public async Task CallActivity_JobThrows_OrchestratorGetsTaskFailedWithKindAndStderrTail()
    {
        await using var host = await JobsHosts.StartAsync(azurite, JobsHosts.Settings());

        var done = await RunAsync(host, "call_fail");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var caught = done.ReadOutputAs<CaughtFailure>()!;
        Assert.Equal("fail_job", caught.TaskName);
        Assert.Equal(typeof(CpuBoundTaskFailedException).FullName, caught.ErrorType);
        Assert.Contains("Failed:", caught.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("asked to fail: on purpose", caught.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("exit code", caught.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(TestTasks.StderrMarker, caught.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallActivity_JobExceedsTimeout_OrchestratorGetsTaskFailedTimedOut()
    {
        await using var host = await JobsHosts.StartAsync(azurite, JobsHosts.Settings());

        var done = await RunAsync(host, "call_slow");

        var caught = done.ReadOutputAs<CaughtFailure>()!;
        Assert.Equal("slow_job", caught.TaskName);
        Assert.Contains("TimedOut:", caught.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallActivity_ThreeRanks_ReturnsOutputsInRankOrder()
    {
        await using var host = await JobsHosts.StartAsync(azurite, JobsHosts.Settings());

        var done = await RunAsync(host, "call_ranks");

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal(10 + 20 + 30, done.ReadOutputAs<long>());
    }

    [Fact]
    public async Task CallActivity_RetryPolicyAfterJobFailure_RunsANewJobAndSucceeds()
    {
        await using var host = await JobsHosts.StartAsync(azurite, JobsHosts.Settings());
        var runsFile = Path.Combine(Directory.CreateTempSubdirectory("jobsfx-flaky-").FullName, "runs.txt");

        var done = await RunAsync(host, "call_flaky_with_retry", new FlakyInput(runsFile));

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal("second run succeeded", done.ReadOutputAs<string>());
        var runs = await File.ReadAllLinesAsync(runsFile, TestContext.Current.CancellationToken);
        Assert.Equal(2, runs.Length);
        Assert.NotEqual(runs[0], runs[1]);
    }

    [Fact]
    public void CreateRegistry_AppAssembly_HasEveryDeclaredTask()
    {
        var registry = CpuBoundJobs.CreateRegistry(typeof(TestTasks).Assembly);

        Assert.Equal(
            ["fail_job", "flaky_job", "hold_job", "ranks_job", "slow_job", "square_job"],
            registry.TaskNames.Order(StringComparer.Ordinal));
    }
}
