using System.Text.Json;
using Serverless.Tasks.Functions.Tests.TestSupport;
using Serverless.Testing;
using static Serverless.Tasks.Functions.Tests.TestSupport.ApiCall;

namespace Serverless.Tasks.Functions.Tests;

public sealed class ScheduleRoutesTests(AzuriteFixture azurite)
{
    private static readonly object GreetOften = new { id = "greet-often", task = "greet", trigger = "every(00:10:00)", parameters = new { count = 2, name = "Cy" } };

    [Fact]
    public async Task AddGetListRemove_EachAnswerAndItsEffectOnTheSchedules()
    {
        await using var host = await ApiHost.StartAsync(azurite);
        var functions = host.ScheduleFunctions;

        var created = await SendAsync(PostJson("/api/schedules", GreetOften), functions.AddAsync);
        var duplicate = await SendAsync(PostJson("/api/schedules", GreetOften), functions.AddAsync);
        var got = await SendAsync(Get("/api/schedules/greet-often"), r => functions.GetAsync(r, "greet-often"));
        var all = await SendAsync(Get("/api/schedules"), functions.ListAsync);
        var stored = await host.Schedules.GetScheduleAsync("greet-often");
        var removed = await SendAsync(Request("DELETE", "/api/schedules/greet-often"), r => functions.RemoveAsync(r, "greet-often"));
        var removedAgain = await SendAsync(Request("DELETE", "/api/schedules/greet-often"), r => functions.RemoveAsync(r, "greet-often"));
        var gone = await SendAsync(Get("/api/schedules/greet-often"), r => functions.GetAsync(r, "greet-often"));

        Assert.Equal(201, created.Status);
        Assert.Equal("https://tasks.example/api/schedules/greet-often", created.Location);
        Assert.Equal("every(00:10:00)", created.Text("trigger"));
        Assert.Equal(409, duplicate.Status);
        Assert.Equal("greet-often", duplicate.Text("scheduleId"));
        Assert.Equal("greet", got.Text("task"));
        Assert.Equal("Cy", got.Body.GetProperty("parameters").GetProperty("name").GetString());
        Assert.Equal(["greet-often", "hourly", "nightly"], all.Body.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.NotNull(stored);
        Assert.InRange(stored.NextRunTime!.Value, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10).AddSeconds(5));
        Assert.Equal(204, removed.Status);
        Assert.Null(removed.Json);
        Assert.Equal(404, removedAgain.Status);
        Assert.Equal(404, gone.Status);
        Assert.Equal("greet-often", gone.Text("scheduleId"));
        Assert.Null(await host.Schedules.GetScheduleAsync("greet-often"));
    }

    [Fact]
    public async Task Add_BadRequests_400Or404NamingTheProblemAndNothingStored()
    {
        await using var host = await ApiHost.StartAsync(azurite);
        var functions = host.ScheduleFunctions;

        var badTrigger = await SendAsync(PostJson("/api/schedules", new { id = "s1", task = "greet", trigger = "every(soon)" }), functions.AddAsync);
        var unknownTask = await SendAsync(PostJson("/api/schedules", new { id = "s2", task = "nope", trigger = "every(00:01:00)" }), functions.AddAsync);
        var badParameters = await SendAsync(PostJson("/api/schedules", new { id = "s3", task = "greet", trigger = "every(00:01:00)", parameters = new { count = 0 } }), functions.AddAsync);
        var noId = await SendAsync(PostJson("/api/schedules", new { task = "greet", trigger = "every(00:01:00)" }), functions.AddAsync);
        var badJson = await SendAsync(Post("/api/schedules", "{\"id\": 5}"), functions.AddAsync);
        var notJson = await SendAsync(Post("/api/schedules", "id=s4"), functions.AddAsync);
        var noBody = await SendAsync(Post("/api/schedules", ""), functions.AddAsync);

        Assert.Equal(400, badTrigger.Status);
        Assert.Contains("position", badTrigger.Text("detail"), StringComparison.Ordinal);
        Assert.Equal("every(soon)", badTrigger.Text("trigger"));
        Assert.Equal(404, unknownTask.Status);
        Assert.Equal("nope", unknownTask.Text("task"));
        Assert.Equal(400, badParameters.Status);
        Assert.True(badParameters.Body.GetProperty("errors").TryGetProperty("count", out _), badParameters.ToString());
        Assert.Equal(400, noId.Status);
        Assert.Equal("$.id", noId.Text("path"));
        Assert.Equal(400, badJson.Status);
        Assert.Equal("$.id", badJson.Text("path"));
        Assert.Equal(400, notJson.Status);
        Assert.Contains("line 1", notJson.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(400, noBody.Status);
        Assert.Equal(["hourly", "nightly"], (await host.Schedules.ListSchedulesAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task PauseResume_DeclaredSchedule_SeenByTheClientAndTheTaskList()
    {
        await using var host = await ApiHost.StartAsync(azurite);
        var functions = host.ScheduleFunctions;

        var paused = await SendAsync(Post("/api/schedules/hourly/pause"), r => functions.PauseAsync(r, "hourly"));
        var afterPause = await host.Schedules.GetScheduleAsync("hourly");
        var task = await SendAsync(Get("/api/tasks/hourly"), r => host.TaskFunctions.GetAsync(r, "hourly"));
        var resumed = await SendAsync(Post("/api/schedules/hourly/resume"), r => functions.ResumeAsync(r, "hourly"));
        var afterResume = await host.Schedules.GetScheduleAsync("hourly");
        var unknownPause = await SendAsync(Post("/api/schedules/nope/pause"), r => functions.PauseAsync(r, "nope"));
        var unknownResume = await SendAsync(Post("/api/schedules/nope/resume"), r => functions.ResumeAsync(r, "nope"));

        Assert.Equal(200, paused.Status);
        Assert.True(paused.Body.GetProperty("paused").GetBoolean());
        Assert.True(afterPause!.Paused);
        Assert.Null(afterPause.NextRunTime);
        Assert.True(task.Body.GetProperty("schedules")[0].GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, task.Body.GetProperty("nextRunTime").ValueKind);
        Assert.Equal(200, resumed.Status);
        Assert.False(afterResume!.Paused);
        Assert.NotNull(afterResume.NextRunTime);
        Assert.Equal(404, unknownPause.Status);
        Assert.Equal(404, unknownResume.Status);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task Reschedule_NewTrigger_StoredWithItsNextRunTime(string method)
    {
        await using var host = await ApiHost.StartAsync(azurite);

        var response = await SendAsync(Request(method, "/api/schedules/hourly/reschedule", "{\"trigger\": \"every(00:05:00)\"}"),
            r => host.ScheduleFunctions.RescheduleAsync(r, "hourly"));

        Assert.Equal(200, response.Status);
        Assert.Equal("every(00:05:00)", response.Text("trigger"));
        var stored = (await host.Schedules.GetScheduleAsync("hourly"))!;
        Assert.Equal("every(00:05:00)", stored.Trigger);
        Assert.InRange(stored.NextRunTime!.Value, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5).AddSeconds(5));
    }

    [Fact]
    public async Task Reschedule_BadRequests_400Or404AndTheTriggerUnchanged()
    {
        await using var host = await ApiHost.StartAsync(azurite);
        var functions = host.ScheduleFunctions;

        var badTrigger = await SendAsync(Post("/api/schedules/hourly/reschedule", "{\"trigger\": \"cron(61 * * * *)\"}"), r => functions.RescheduleAsync(r, "hourly"));
        var noTrigger = await SendAsync(Post("/api/schedules/hourly/reschedule", "{}"), r => functions.RescheduleAsync(r, "hourly"));
        var unknown = await SendAsync(Post("/api/schedules/nope/reschedule", "{\"trigger\": \"every(00:01:00)\"}"), r => functions.RescheduleAsync(r, "nope"));

        Assert.Equal(400, badTrigger.Status);
        Assert.Contains("position", badTrigger.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(400, noTrigger.Status);
        Assert.Equal("$.trigger", noTrigger.Text("path"));
        Assert.Equal(404, unknown.Status);
        Assert.Equal("nope", unknown.Text("scheduleId"));
        Assert.Equal("every(01:00:00)", (await host.Schedules.GetScheduleAsync("hourly"))!.Trigger);
    }

    [Fact]
    public async Task RunNow_DeclaredSchedule_202WithLocationAndAQueuedRunOfTheSchedule()
    {
        await using var host = await ApiHost.StartAsync(azurite);

        var accepted = await SendAsync(Post("/api/schedules/hourly/run"), r => host.ScheduleFunctions.RunNowAsync(r, "hourly"));
        var unknown = await SendAsync(Post("/api/schedules/nope/run"), r => host.ScheduleFunctions.RunNowAsync(r, "nope"));

        Assert.Equal(202, accepted.Status);
        var id = accepted.Text("id");
        Assert.Equal($"https://tasks.example/api/runs/{Uri.EscapeDataString(id)}", accepted.Location);
        var run = (await host.Tasks.GetRunAsync(id))!;
        Assert.Equal("hourly", run.Task);
        Assert.Equal("hourly", run.ScheduleId);
        Assert.Equal(TaskRunStatus.Queued, run.Status);
        Assert.Equal(404, unknown.Status);
        Assert.Equal("nope", unknown.Text("scheduleId"));
    }
}
