using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using Serverless.FunctionsHost;
using Serverless.Testing;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>
/// The CPU-bound step (estimate_pi: a job of 4 ranks, each a child process of the worker) through the local host and the
/// real worker: its result, a failure with the job's stderr, its timeout, the caller's termination, and a worker killed
/// while the job runs.
/// </summary>
public sealed partial class JobsTests(JobsApp jobs) : IClassFixture<JobsApp>
{
    [Fact]
    public async Task EstimatePi_FourRanks_CombinesTheirSamples()
    {
        var (host, _) = await jobs.GetAsync();
        using var client = host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/estimate_pi", """{"samplesPerRank":200000}""");

        var status = await DurableHttp.WaitForEndAsync(client, started, TimeSpan.FromSeconds(90));

        Assert.Equal("Completed", status.Text("runtimeStatus"));
        var output = status.Get("output");
        Assert.Equal(4, output.Get("Ranks").GetInt32());
        Assert.Equal(800_000, output.Get("Samples").GetInt64());
        Assert.InRange(output.Get("Pi").GetDouble(), 3.10, 3.18);
        var jobId = JobIdOf(host, started.Id);
        Assert.Equal(4, ProcessIdsOf(host, jobId).Count);
    }

    [Fact]
    public async Task EstimatePi_JobThrows_FailsWithTheJobsErrorAndStderr()
    {
        var (host, durable) = await jobs.GetAsync();

        // Past the HTTP start's validation: the job itself rejects the input.
        var id = await durable.ScheduleNewOrchestrationInstanceAsync("estimate_pi", new { SamplesPerRank = 0 }, TestContext.Current.CancellationToken);
        var instance = await WaitForEndAsync(durable, id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);

        // The caller's failure is the sub-orchestration's TaskFailedException carrying the job's failure: what the rank
        // threw, its exit code, and the tail of its stderr (the exception's stack).
        var output = instance.SerializedOutput ?? string.Empty;
        Assert.StartsWith("Microsoft.DurableTask.TaskFailedException: Task 'serverless_job' (#0) failed", output, StringComparison.Ordinal);
        Assert.Contains("threw ArgumentOutOfRangeException: Samples ('0') must be a non-negative and non-zero value.", output, StringComparison.Ordinal);
        Assert.Contains("(exit code 1)", output, StringComparison.Ordinal);
        Assert.Contains("stderr tail:", output, StringComparison.Ordinal);
        Assert.Contains("at Serverless.Orchestrations.EstimatePi.SampleAsync", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstimatePi_PastItsTimeout_FailsTimedOutAndItsProcessesAreGone()
    {
        var (host, _) = await jobs.GetAsync();
        using var client = host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/estimate_pi", """{"samplesPerRank":10000000000,"timeoutSeconds":4}""");

        var status = await DurableHttp.WaitForEndAsync(client, started, TimeSpan.FromSeconds(90));

        Assert.Equal("Failed", status.Text("runtimeStatus"));
        Assert.Contains("TimedOut: Job", status.Get("output").GetString(), StringComparison.Ordinal);
        Assert.Contains("exceeded its timeout of 00:00:04", status.Get("output").GetString(), StringComparison.Ordinal);
        var processes = ProcessIdsOf(host, JobIdOf(host, started.Id));
        Assert.Equal(4, processes.Count);
        await Poll.UntilAsync(() => !processes.Any(Processes.IsAlive), "the timed-out job's processes to be gone");
    }

    [Fact]
    public async Task EstimatePi_CallerTerminated_StopsTheJob()
    {
        var (host, _) = await jobs.GetAsync();
        using var client = host.CreateHttpClient();
        var (started, jobId, processes) = await StartRunningAsync(host, client, """{"samplesPerRank":10000000000}""");

        using (var terminated = await client.PostAsync(started.TerminatePostUri("no longer needed"), content: null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, terminated.StatusCode);
        }

        // The waiter looks every 2 s (Serverless__Jobs__CheckInterval), finds its caller ended and stops the job.
        await Poll.UntilAsync(() => !processes.Any(Processes.IsAlive), "the terminated caller's job processes to be gone", TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(
            () => host.Logs.Containing($"Job {jobId}: its caller {started.Id} is Terminated; stopping the job.").Count > 0,
            "the waiter to say why it stopped the job");
    }

    [Fact]
    public async Task EstimatePi_WorkerKilledWhileTheJobRuns_TheJobRunsOnceAndItsResultArrives()
    {
        var (host, _) = await jobs.GetAsync();
        using var client = host.CreateHttpClient();
        var (started, jobId, processes) = await StartRunningAsync(host, client, """{"samplesPerRank":50000000}""");
        var worker = host.WorkerProcessId;

        host.KillWorker();

        // The ranks outlive the worker (a crash kills the worker process alone), finish, and the last one reports the run.
        // At nice 19 they get little CPU while the other test assemblies run, hence the long deadline.
        var status = await DurableHttp.WaitForEndAsync(client, started, TimeSpan.FromSeconds(300));
        Assert.NotEqual(worker, host.WorkerProcessId);
        Assert.True(status.Text("runtimeStatus") == "Completed", $"estimate_pi ended {status}");
        Assert.Equal(4, status.Get("output").Get("Ranks").GetInt32());
        Assert.Equal(processes, ProcessIdsOf(host, jobId));
        Assert.Single(host.Logs.Containing($"Job {jobId} task monte_carlo_pi accepted"));

        // The waiter (the sub-orchestration whose id starts the job id) continued as new on the way (after every look) and
        // still got the run's end: the job is not started again by a new generation.
        var waiter = jobId[..^13];
        Assert.NotEmpty(host.Logs.Containing($"{waiter}: Function 'serverless_job (Orchestrator)' completed. ContinuedAsNew: True"));
    }

    /// <summary>Starts estimate_pi with <paramref name="json"/> and returns once its job's 4 rank processes run.</summary>
    private static async Task<(StartedInstance Started, string JobId, List<int> Processes)> StartRunningAsync(LocalFunctionsHost host, HttpClient client, string json)
    {
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/estimate_pi", json);
        var jobId = await Poll.ForValueAsync(() => Task.FromResult(TryJobIdOf(host, started.Id)), "the job to start", TimeSpan.FromSeconds(60));
        var processes = await Poll.ForValueAsync(
            () => Task.FromResult(ProcessIdsOf(host, jobId) is { Count: 4 } all ? all : null), "the job's 4 processes to start", TimeSpan.FromSeconds(60));
        return (started, jobId, processes);
    }

    private static async Task<OrchestrationMetadata> WaitForEndAsync(DurableTaskClient durable, string id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        return await durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
    }

    private static string JobIdOf(LocalFunctionsHost host, string caller) =>
        TryJobIdOf(host, caller) ?? throw new InvalidOperationException($"No job was started for {caller}.");

    /// <summary>The job started for the orchestration <paramref name="caller"/>, from the start activity's log line.</summary>
    private static string? TryJobIdOf(LocalFunctionsHost host, string caller) =>
        host.Logs.Containing($"started for {caller}.").Select(e => JobStarted().Match(e.Message)).FirstOrDefault(m => m.Success)?.Groups[1].Value;

    /// <summary>The process ids of the job's ranks, from the launcher's log lines, in rank order.</summary>
    private static List<int> ProcessIdsOf(LocalFunctionsHost host, string jobId) =>
        [.. host.Logs.Containing($"Job {jobId} rank ")
            .Select(e => RankStarted().Match(e.Message))
            .Where(m => m.Success)
            .OrderBy(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Select(m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"^Job (\S+) task \S+ started for ")]
    private static partial Regex JobStarted();

    [GeneratedRegex(@" rank (\d+) started as process (\d+)\.$")]
    private static partial Regex RankStarted();
}
