using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Tasks.Functions.Tests.TestSupport;
using Serverless.Tasks.Runtime;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>
/// Tasks run by the real queue triggers of a real worker process on the local host: the lanes' functions, the
/// scheduler timer and the tasks API, on Azurite. Tests that kill the worker wait for their runs to end, so the
/// others in the class (run one after another) see a running worker again.
/// </summary>
public sealed class TasksOnTheWorkerTests(TasksApp app) : IClassFixture<TasksApp>
{
    [Fact]
    public async Task Enqueue_TypedParameters_RunSucceedsOnTheWorkerWithItsResult()
    {
        var runId = await app.EnqueueAsync("typed", new { name = "Ada", times = 2 });

        var run = await app.WaitForRunAsync(runId, r => TasksApp.Status(r) == "Succeeded", "the typed run succeeded");

        Assert.Equal("hello Ada hello Ada", run.GetProperty("result").GetString());
        Assert.Equal(1, run.GetProperty("attempt").GetInt32());
        Assert.NotEmpty(app.Host.Logs.Containing($"Executed 'serverless_tasks_normal' (Succeeded"));
    }

    [Fact]
    public async Task Enqueue_InvalidParameters_400NamesTheMemberAndNothingIsWritten()
    {
        using var http = app.Admin();

        using var response = await http.PostAsJsonAsync("api/tasks/typed/runs", new { parameters = new { name = "A", times = 9 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Name", body, StringComparison.Ordinal);
        Assert.Contains("Times", body, StringComparison.Ordinal);
        var runs = JsonDocument.Parse(await http.GetStringAsync("api/runs?task=typed")).RootElement;
        Assert.DoesNotContain(Items(runs), r => r.GetProperty("parameters").ToString().Contains("\"A\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TasksApi_WithoutTheMasterKey_401()
    {
        using var http = app.Host.CreateHttpClient();

        using var response = await http.PostAsJsonAsync("api/tasks/typed/runs", new { parameters = new { name = "Ada" } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Retries_FlakyTask_SucceedsAtTheThirdAttemptAfterItsBackOff()
    {
        var runId = await app.EnqueueAsync("flaky");

        var run = await app.WaitForRunAsync(runId, r => TasksApp.Status(r) == "Succeeded", "the flaky run succeeded");

        Assert.Equal(3, run.GetProperty("attempt").GetInt32());
        Assert.Equal(3, run.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task OnFailure_RetriesUsedUp_HandlerGetsTheFailureAndRunIsDeadLettered()
    {
        var runId = await app.EnqueueAsync("doomed");

        var run = await app.WaitForRunAsync(runId, r => TasksApp.Status(r) == "DeadLettered", "the doomed run dead-lettered");
        var handler = await app.WaitForRunAsync(runId + ".on-failure", r => TasksApp.Status(r) == "Succeeded", "the on-failure run succeeded");

        Assert.Equal(2, run.GetProperty("attempt").GetInt32());
        Assert.Equal("doomed: doomed to fail", handler.GetProperty("result").GetString());
        var deadLetters = new QueueClient(app.ConnectionString, app.Names.DeadLetterQueue, TaskStorage.QueueOptions);
        var peeked = await deadLetters.PeekMessagesAsync(32);
        Assert.Contains(peeked.Value, m => m.MessageText.Contains(runId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AtMostOnce_WorkerKilledMidRun_RunFailsInterruptedAndNeverRunsAgain()
    {
        var runId = await app.EnqueueAsync("block_once");
        await WaitForMarkerAsync(runId, 1);

        app.Host.KillWorker();

        var run = await app.WaitForRunAsync(runId, r => TasksApp.Status(r) == "DeadLettered", "the interrupted run dead-lettered");
        Assert.Equal(1, run.GetProperty("attempt").GetInt32());
        Assert.Contains("interrupted", run.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.Markers.FullName, $"{runId}.2")));
    }

    [Fact]
    public async Task AtLeastOnce_WorkerKilledMidRun_RunsAgainAndSucceeds()
    {
        var runId = await app.EnqueueAsync("block_retry");
        await WaitForMarkerAsync(runId, 1);

        app.Host.KillWorker();

        var run = await app.WaitForRunAsync(runId, r => TasksApp.Status(r) == "Succeeded", "the retried run succeeded");
        Assert.Equal(2, run.GetProperty("attempt").GetInt32());
        Assert.Equal(2, run.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task Abort_RunningRun_TokenFiresAndRunEndsAborted()
    {
        var runId = await app.EnqueueAsync("block_once");
        await WaitForMarkerAsync(runId, 1);
        using var http = app.Admin();

        using var response = await http.PostAsync($"api/runs/{runId}/abort", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.WaitForRunAsync(runId, r => TasksApp.Status(r) == "Aborted", "the running run aborted");
    }

    [Fact]
    public async Task Schedule_AddedThroughTheApi_FiredByTheTimerAndRunOnTheWorker()
    {
        using var http = app.Admin();
        var id = "every-second-" + Guid.NewGuid().ToString("N")[..6];

        using var added = await http.PostAsJsonAsync("api/schedules", new { id, task = "noop_critical", trigger = "every(00:00:01)" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        await Poll.UntilAsync(async () => Items(JsonDocument.Parse(await http.GetStringAsync("api/runs?task=noop_critical")).RootElement)
            .Any(r => r.GetProperty("scheduleId").GetString() == id && TasksApp.Status(r) == "Succeeded"), "a firing of the schedule succeeded", TimeSpan.FromSeconds(30));
        using var removed = await http.DeleteAsync($"api/schedules/{id}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }

    [Fact]
    public async Task Priority_CriticalRunEnqueuedBehindABacklogOfLowOnes_EndsWhileTheBacklogWaits()
    {
        // The backlog goes straight to the Low lane's queue (1,000 records through the API would take the test's time).
        await using var services = app.ClientServices(new TaskRegistry().Add("noop_low", _ => Task.CompletedTask, o => o.Priority = TaskPriority.Low));
        var client = services.GetRequiredService<ITaskClient>();
        await Parallel.ForAsync(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) => await client.EnqueueAsync("noop_low", cancellationToken: ct));

        var runId = await app.EnqueueAsync("noop_critical");
        var run = await app.WaitForRunAsync(runId, r => TasksApp.Status(r) == "Succeeded", "the critical run succeeded");
        var low = new QueueClient(app.ConnectionString, app.Names.Queue("default", TaskPriority.Low), TaskStorage.QueueOptions);
        var waiting = (await low.GetPropertiesAsync()).Value.ApproximateMessagesCount;

        // Its own lane: it did not wait for the Low backlog to drain. (How fast it starts is the benchmark's: `tasks`.)
        var waited = run.GetProperty("startedAt").GetDateTimeOffset() - run.GetProperty("createdAt").GetDateTimeOffset();
        TestContext.Current.SendDiagnosticMessage($"critical run started {waited.TotalMilliseconds:F0} ms after its enqueue; {waiting} low runs still queued when it had ended");
        Assert.True(waiting > 0, $"the Low lane had drained before the critical run ended (it started {waited} after its enqueue)");
    }

    [Fact]
    public async Task MaxConcurrency_FiveRunsOfAOneAtATimeTask_NeverTwoRunAtOnce()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await app.EnqueueAsync("one_at_a_time"));
        }

        var runs = new List<JsonElement>();
        foreach (var id in ids)
        {
            runs.Add(await app.WaitForRunAsync(id, r => TasksApp.Status(r) == "Succeeded", $"run {id} succeeded"));
        }

        var spans = runs.Select(r => (Start: r.GetProperty("startedAt").GetDateTimeOffset(), End: r.GetProperty("completedAt").GetDateTimeOffset())).OrderBy(s => s.Start).ToList();
        for (var i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i].Start >= spans[i - 1].End, $"run {i} started at {spans[i].Start:O} before run {i - 1} ended at {spans[i - 1].End:O}");
        }
    }

    [Fact]
    public async Task Opportunistic_RunGoesThroughTheIdleLane()
    {
        var runId = await app.EnqueueAsync("idle_only");

        var run = await app.WaitForRunAsync(runId, r => TasksApp.Status(r) == "Succeeded", "the opportunistic run succeeded");

        Assert.Equal("ran while idle", run.GetProperty("result").GetString());
        Assert.NotEmpty(app.Host.Logs.Containing("Executed 'serverless_tasks_idle' (Succeeded"));
    }

    [Fact]
    public async Task MaxInstances_ScheduleFasterThanItsTask_FiringsWhileOneRunsAreSkipped()
    {
        using var http = app.Admin();
        var id = "slow-" + Guid.NewGuid().ToString("N")[..6];
        using var added = await http.PostAsJsonAsync("api/schedules", new { id, task = "slow_scheduled", trigger = "every(00:00:01)" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        await Poll.UntilAsync(async () => Items(JsonDocument.Parse(await http.GetStringAsync("api/runs?task=slow_scheduled")).RootElement)
            .Any(r => r.GetProperty("scheduleId").GetString() == id && TasksApp.Status(r) == "Skipped"
                && r.GetProperty("reason").GetString()!.Contains("max instances (1) running", StringComparison.Ordinal)), "a firing skipped for max instances", TimeSpan.FromSeconds(30));
        using var removed = await http.DeleteAsync($"api/schedules/{id}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }

    private async Task WaitForMarkerAsync(string runId, int attempt) =>
        await Poll.UntilAsync(() => File.Exists(Path.Combine(app.Markers.FullName, $"{runId}.{attempt}")), $"run {runId} attempt {attempt} started", TimeSpan.FromSeconds(60));

    private static IEnumerable<JsonElement> Items(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : list.GetProperty("runs").EnumerateArray();
}
