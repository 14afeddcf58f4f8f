using Serverless.Jobs.Tests.TestSupport;
using Serverless.Jobs.TestJob;
using Serverless.Testing;

namespace Serverless.Jobs.Tests.Local;

/// <summary>A real computation split over ranks, the way an orchestration would call it.</summary>
public sealed class MonteCarloSampleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RunAsync_PiOverFourRanks_CombinesRankResultsIntoAnEstimate()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        var request = new JobRequest(LocalJobsHarness.NewJobId(), "monte-carlo-pi", InputBlob: "set-by-StartAsync", Cpus: 0.5, MemoryGiB: 0.25, Ranks: 4);

        var ranks = await jobs.Launcher.RunAsync<PiInput, PiOutput[]>(jobs.Store, request, new PiInput(Seed: 42, SamplesPerRank: 250_000),
            TestContext.Current.CancellationToken);

        Assert.NotNull(ranks);
        Assert.Equal([0, 1, 2, 3], ranks.Select(r => r.Rank));
        var pi = 4.0 * ranks.Sum(r => r.Inside) / ranks.Sum(r => r.Samples);
        Assert.InRange(pi, 3.13, 3.15);
    }

    [Fact]
    public async Task RunAsync_TaskFails_ThrowsJobFailedExceptionWithTheFailure()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        var request = new JobRequest(LocalJobsHarness.NewJobId(), "fail", "unused", 0.5, 0.25);

        var error = await Assert.ThrowsAsync<JobFailedException>(() =>
            jobs.Launcher.RunAsync<FailInput, Empty>(jobs.Store, request, new FailInput("sample"), TestContext.Current.CancellationToken));

        Assert.Equal(JobFailureKind.Failed, error.Result.Failure!.Kind);
        Assert.Contains("asked to fail: sample", error.Message, StringComparison.Ordinal);
    }
}
