using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Testing;

namespace Serverless.Tasks.Http.Tests;

public sealed class SchedulesRoutesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Schedules_AddGetRescheduleRemove_EachAnswerAndItsEffect()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();
        var add = new { id = "greet-often", task = "greet", trigger = "every(00:10:00)", parameters = new { count = 2, name = "Cy" } };

        using var created = await client.PostJsonAsync("/admin/schedules", add);
        using var duplicate = await client.PostJsonAsync("/admin/schedules", add);
        var got = await (await client.GetAsync("/admin/schedules/greet-often")).ReadJsonAsync();
        var all = await (await client.GetAsync("/admin/schedules")).ReadJsonAsync();
        using var rescheduled = await client.PutAsJsonAsync("/admin/schedules/greet-often/trigger", new { trigger = "every(00:05:00)" });
        var task = await (await client.GetAsync("/admin/tasks/greet")).ReadJsonAsync();
        using var removed = await client.DeleteAsync("/admin/schedules/greet-often");
        using var removedAgain = await client.DeleteAsync("/admin/schedules/greet-often");
        using var gone = await client.GetAsync("/admin/schedules/greet-often");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.EndsWith("/admin/schedules/greet-often", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("every(00:10:00)", (await created.ReadJsonAsync()).GetProperty("trigger").GetString());
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal("greet", got.GetProperty("task").GetString());
        Assert.Equal("Cy", got.GetProperty("parameters").GetProperty("name").GetString());
        Assert.Contains("greet-often", all.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.OK, rescheduled.StatusCode);
        var schedule = await rescheduled.ReadJsonAsync();
        Assert.Equal("every(00:05:00)", schedule.GetProperty("trigger").GetString());
        Assert.InRange(schedule.GetProperty("nextRunTime").GetDateTimeOffset(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5).AddSeconds(5));
        Assert.Equal("every(00:05:00)", task.GetProperty("schedules")[0].GetProperty("trigger").GetString());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Schedules_BadRequests_400Or404NamingTheProblem()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();

        using var badTrigger = await client.PostJsonAsync("/admin/schedules", new { id = "s1", task = "greet", trigger = "every(soon)" });
        using var unknownTask = await client.PostJsonAsync("/admin/schedules", new { id = "s2", task = "nope", trigger = "every(00:01:00)" });
        using var badParameters = await client.PostJsonAsync("/admin/schedules", new { id = "s3", task = "greet", trigger = "every(00:01:00)", parameters = new { count = 0 } });
        using var noId = await client.PostJsonAsync("/admin/schedules", new { task = "greet", trigger = "every(00:01:00)" });
        using var badJson = await client.PostRawAsync("/admin/schedules", "{\"id\": 5}");
        using var noBody = await client.PostRawAsync("/admin/schedules", "");
        using var badReschedule = await client.PutAsJsonAsync("/admin/schedules/hourly/trigger", new { trigger = "cron(61 * * * *)" });
        using var unknownReschedule = await client.PutAsJsonAsync("/admin/schedules/nope/trigger", new { trigger = "every(00:01:00)" });
        using var unknownPause = await client.PostAsync("/admin/schedules/nope/pause", null);
        using var unknownResume = await client.PostAsync("/admin/schedules/nope/resume", null);
        using var unknownRun = await client.PostAsync("/admin/schedules/nope/run", null);

        Assert.Equal(HttpStatusCode.BadRequest, badTrigger.StatusCode);
        Assert.Contains("position", (await badTrigger.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownTask.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badParameters.StatusCode);
        Assert.True((await badParameters.ReadJsonAsync()).TryGetProperty("errors", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
        Assert.Equal("$.id", (await noId.ReadJsonAsync()).GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal("$.id", (await badJson.ReadJsonAsync()).GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badReschedule.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownReschedule.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPause.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownResume.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);
        var ids = (await (await client.GetAsync("/admin/schedules")).ReadJsonAsync()).EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain("s1", ids);
        Assert.DoesNotContain("s2", ids);
        Assert.DoesNotContain("s3", ids);
    }

    [Fact]
    public async Task PauseResume_ViaHttp_SeenByGetAndTheTaskList()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();
        await WaitForDeclaredScheduleAsync(client);

        using var paused = await client.PostAsync("/admin/schedules/hourly/pause", null);
        var afterPause = await (await client.GetAsync("/admin/schedules/hourly")).ReadJsonAsync();
        var task = await (await client.GetAsync("/admin/tasks/hourly")).ReadJsonAsync();
        using var resumed = await client.PostAsync("/admin/schedules/hourly/resume", null);
        var afterResume = await (await client.GetAsync("/admin/schedules/hourly")).ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.True((await paused.ReadJsonAsync()).GetProperty("paused").GetBoolean());
        Assert.True(afterPause.GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, afterPause.GetProperty("nextRunTime").ValueKind);
        Assert.True(task.GetProperty("schedules")[0].GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("nextRunTime").ValueKind);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.False(afterResume.GetProperty("paused").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, afterResume.GetProperty("nextRunTime").ValueKind);
    }

    [Fact]
    public async Task RunScheduleNow_ViaHttp_202AndTheRunSucceedsWithTheScheduleId()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();
        await WaitForDeclaredScheduleAsync(client);

        using var accepted = await client.PostAsync("/admin/schedules/hourly/run", null);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.ReadJsonAsync()).GetProperty("id").GetString()!;
        Assert.NotNull(accepted.Headers.Location);
        var run = default(JsonElement);
        await Poll.UntilAsync(async () =>
        {
            run = await (await client.GetAsync($"/admin/runs/{Uri.EscapeDataString(id)}")).ReadJsonAsync();
            return run.GetProperty("status").GetString() == nameof(TaskRunStatus.Succeeded);
        }, "the run-now run succeeds");
        Assert.Equal("hourly", run.GetProperty("scheduleId").GetString());
    }

    private static Task WaitForDeclaredScheduleAsync(HttpClient client) =>
        Poll.UntilAsync(async () => (await client.GetAsync("/admin/schedules/hourly")).IsSuccessStatusCode, "the declared schedule 'hourly' is stored");
}
