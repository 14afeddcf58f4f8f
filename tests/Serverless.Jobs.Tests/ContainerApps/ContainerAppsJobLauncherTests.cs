using System.Diagnostics;
using System.Text.Json.Nodes;
using Serverless.Jobs.ContainerApps;
using Serverless.Jobs.Tests.TestSupport;
using Serverless.Jobs.TestJob;
using Serverless.Testing;

namespace Serverless.Jobs.Tests.ContainerApps;

/// <summary>The ARM launcher's contract: requests as ARM expects them, ARM's answers, errors and throttling.</summary>
public sealed class ContainerAppsJobLauncherTests(AzuriteFixture azurite)
{
    private const string JobPath =
        $"/subscriptions/{FakeArm.Subscription}/resourceGroups/{FakeArm.ResourceGroup}/providers/Microsoft.App/jobs/{FakeArm.Job}";

    [Fact]
    public async Task StartAsync_CpuMemoryPairContainerAppsRefuses_FailsNamingTheAllowedPairsAndStartsNothing()
    {
        await using var aca = await AcaHarness.CreateAsync(azurite);
        var jobId = AzuriteFixture.UniqueName("acapair");

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            aca.Launcher.StartAsync(new JobRequest(jobId, "square", JobStore.InputBlobName(jobId), Cpus: 0.5, MemoryGiB: 0.5), TestContext.Current.CancellationToken));

        Assert.Contains("asks for 0.5 cpu and 0.5 GiB per rank", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed cpu/memory pairs: 0.25/0.5Gi, 0.5/1Gi, 0.75/1.5Gi", error.Message, StringComparison.Ordinal);
        Assert.Contains("4/8Gi.", error.Message, StringComparison.Ordinal);
        Assert.Empty(aca.Arm.Requests);
        Assert.Null(await aca.Store.ReadRequestAsync(jobId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ProbeAsync_EveryRankWroteItsOutcome_RecordsTheResult()
    {
        await using var aca = await AcaHarness.CreateAsync(azurite);
        aca.RunExecutionsForReal();
        var jobId = AzuriteFixture.UniqueName("acaprobe");
        var input = await aca.Store.WriteInputAsync(jobId, new SquareInput(3));
        await aca.Launcher.StartAsync(new JobRequest(jobId, "square", input, Cpus: 0.5, MemoryGiB: 1));

        var result = await Poll.ForValueAsync(() => aca.Launcher.ProbeAsync(jobId), "the execution's outcome", TimeSpan.FromSeconds(60));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(9L, result.GetOutput<SquareOutput>()!.Square);
        Assert.Equal(result, await aca.Store.ReadResultAsync(jobId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WaitAsync_ExecutionsRunTheJob_StartsOnePerRankAndReturnsTypedOutputs()
    {
        await using var aca = await AcaHarness.CreateAsync(azurite);
        aca.RunExecutionsForReal();
        var jobId = AzuriteFixture.UniqueName("acajob");
        var input = await aca.Store.WriteInputAsync(jobId, new SquareInput(7));

        await aca.Launcher.StartAsync(new JobRequest(jobId, "square", input, Cpus: 0.5, MemoryGiB: 1, Ranks: 2, Nodes: 2));
        var result = await aca.Launcher.WaitAsync(jobId).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var outputs = result.GetOutput<SquareOutput[]>()!;
        Assert.Equal([49L, 49L], outputs.Select(o => o.Square));
        Assert.Equal([0, 1], outputs.Select(o => o.Rank));
        var starts = aca.Arm.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/start", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, starts.Count);
        Assert.All(starts, s =>
        {
            Assert.Equal(JobPath + "/start", s.Path);
            Assert.Equal(FakeArm.ApiVersion, s.ApiVersion);
            Assert.Equal($"Bearer {FakeArm.Token}", s.Authorization);
        });
        var container = JsonNode.Parse(starts[1].Body)!["containers"]![0]!;
        Assert.Equal("job", container["name"]!.GetValue<string>());
        Assert.Equal("crjobs.azurecr.io/serverless-app:1.0", container["image"]!.GetValue<string>());
        Assert.Equal(JobEntryPoint.JobModeSwitch, container["args"]![0]!.GetValue<string>());
        Assert.Equal(0.5, container["resources"]!["cpu"]!.GetValue<double>());
        Assert.Equal("1Gi", container["resources"]!["memory"]!.GetValue<string>());
        var env = AcaHarness.EnvOf(starts[1].Body);
        Assert.Equal("1", env["RANK"]!.GetValue<string>());
        Assert.Equal("2", env["RANK_COUNT"]!.GetValue<string>());
        Assert.Equal("square", env[JobEnvironment.TaskName]!.GetValue<string>());
        Assert.Equal(input, env[JobEnvironment.InputBlob]!.GetValue<string>());
        Assert.Equal(jobId, env[JobEnvironment.JobId]!.GetValue<string>());
        Assert.Equal("11111111-2222-3333-4444-555555555555", env["AZURE_CLIENT_ID"]!.GetValue<string>());
        Assert.Contains(aca.Arm.Requests, r => r.Method == "GET" && r.Path == $"{JobPath}/executions/{FakeArm.Job}-001x");
        Assert.Contains("https://management.azure.com/.default", aca.Credential.Scopes);
    }

    [Fact]
    public async Task WaitAsync_RankFails_ReportsTheJobFailureAndStopsTheOtherExecutions()
    {
        await using var aca = await AcaHarness.CreateAsync(azurite);
        aca.RunExecutionsForReal();
        var jobId = AzuriteFixture.UniqueName("acajob");
        var input = await aca.Store.WriteInputAsync(jobId, new FailInput("bad luck"));

        await aca.Launcher.StartAsync(new JobRequest(jobId, "fail-rank0", input, 0.5, 1, Ranks: 2));
        var result = await aca.Launcher.WaitAsync(jobId).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobFailureKind.Failed, result.Failure!.Kind);
        Assert.Equal(typeof(InvalidOperationException).FullName, result.Failure.ErrorType);
        Assert.Contains("rank 0 asked to fail: bad luck", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, result.Failure.Rank);
        Assert.Equal([$"{FakeArm.Job}-002x"], aca.Arm.Stopped);
    }

    [Fact]
    public async Task WaitAsync_ExecutionFailsWithoutResult_ReportsCrashedNamingTheExecution()
    {
        await using var aca = await AcaHarness.CreateAsync(azurite);
        var polls = 0;
        aca.Arm.StatusOf = _ => Interlocked.Increment(ref polls) < 3 ? "Running" : "Failed";
        var jobId = AzuriteFixture.UniqueName("acajob");

        await aca.Launcher.StartAsync(new JobRequest(jobId, "square", "in.json", 1, 2));
        var result = await aca.Launcher.WaitAsync(jobId).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(JobFailureKind.Crashed, result.Failure!.Kind);
        Assert.Contains($"'{FakeArm.Job}-001x'", result.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("ended Failed without writing a result", result.Failure.Message, StringComparison.Ordinal);
        Assert.True(polls >= 3);
    }

    [Fact]
    public async Task StartAsync_ArmThrottles_HonoursRetryAfterAndStarts()
    {
        await using var aca = await AcaHarness.CreateAsync(azurite);
        aca.Arm.ScriptedStarts.Enqueue((429, "TooManyRequests", "1"));
        var jobId = AzuriteFixture.UniqueName("acajob");
        var clock = Stopwatch.StartNew();

        await aca.Launcher.StartAsync(new JobRequest(jobId, "square", "in.json"));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}, before Retry-After");
        Assert.Equal(2, aca.Arm.Requests.Count(r => r.Path.EndsWith("/start", StringComparison.Ordinal)));
        var run = await aca.Store.ReadRunAsync(jobId, CancellationToken.None);
        Assert.Equal([$"{FakeArm.Job}-001x"], run!.Executions);
    }

    [Fact]
    public async Task StartAsync_ArmRefuses_ThrowsArmErrorAndRecordsTheFailure()
    {
        await using var aca = await AcaHarness.CreateAsync(azurite);
        aca.Arm.ScriptedStarts.Enqueue((403, "AuthorizationFailed", null));
        var jobId = AzuriteFixture.UniqueName("acajob");

        var error = await Assert.ThrowsAsync<ArmRequestException>(() => aca.Launcher.StartAsync(new JobRequest(jobId, "square", "in.json")));

        Assert.Equal(403, error.Status);
        Assert.Equal("AuthorizationFailed", error.ErrorCode);
        Assert.Contains($"Container Apps job '{FakeArm.Job}'", error.Message, StringComparison.Ordinal);
        Assert.Single(aca.Arm.Requests);
        var result = await aca.Launcher.WaitAsync(jobId);
        Assert.Equal(JobFailureKind.Crashed, result.Failure!.Kind);
        Assert.Contains("could not be started", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WrongApiVersion_SurfacesArmErrorCode()
    {
        await using var aca = await AcaHarness.CreateAsync(azurite, o => o.ApiVersion = "2019-01-01");

        var error = await Assert.ThrowsAsync<ArmRequestException>(() =>
            aca.Launcher.StartAsync(new JobRequest(AzuriteFixture.UniqueName("acajob"), "square", "in.json")));

        Assert.Equal(400, error.Status);
        Assert.Equal("InvalidApiVersionParameter", error.ErrorCode);
    }

    [Fact]
    public async Task CancelAsync_RunningExecution_StopsItAndRecordsCancelled()
    {
        await using var aca = await AcaHarness.CreateAsync(azurite);
        var jobId = AzuriteFixture.UniqueName("acajob");
        await aca.Launcher.StartAsync(new JobRequest(jobId, "square", "in.json"));

        await aca.Launcher.CancelAsync(jobId);
        var result = await aca.Launcher.WaitAsync(jobId);

        Assert.Equal(JobFailureKind.Cancelled, result.Failure!.Kind);
        Assert.Equal([$"{FakeArm.Job}-001x"], aca.Arm.Stopped);
        Assert.Contains(aca.Arm.Requests, r => r.Method == "POST" && r.Path == $"{JobPath}/executions/{FakeArm.Job}-001x/stop");
    }

    [Fact]
    public async Task WaitAsync_PastTimeout_StopsExecutionsAndReportsTimedOut()
    {
        await using var aca = await AcaHarness.CreateAsync(azurite);
        var jobId = AzuriteFixture.UniqueName("acajob");
        await aca.Launcher.StartAsync(new JobRequest(jobId, "square", "in.json", Timeout: TimeSpan.FromSeconds(1)));

        var result = await aca.Launcher.WaitAsync(jobId).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(JobFailureKind.TimedOut, result.Failure!.Kind);
        Assert.Contains("exceeded its timeout of 00:00:01", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal([$"{FakeArm.Job}-001x"], aca.Arm.Stopped);
    }
}
