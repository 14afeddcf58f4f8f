using Serverless.Tasks.Functions.Tests.TestSupport;
using Serverless.Testing;
using static Serverless.Tasks.Functions.Tests.TestSupport.ApiCall;

namespace Serverless.Tasks.Functions.Tests;

public sealed class ScheduleUpdateTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Patch_ParametersAndPaused_ChangesThemAndKeepsTheRest()
    {
        await using var host = await StartWithGreetOftenAsync();

        var response = await PatchAsync(host, "greet-often", """{"parameters": {"count": 5, "name": "Di"}, "paused": true}""");

        Assert.Equal(200, response.Status);
        var stored = (await host.Schedules.GetScheduleAsync("greet-often"))!;
        Assert.Equal("greet", stored.Task);
        Assert.Equal("every(00:10:00)", stored.Trigger);
        Assert.Equal(5, stored.Parameters!.Value.GetProperty("count").GetInt32());
        Assert.Equal("Di", stored.Parameters.Value.GetProperty("name").GetString());
        Assert.True(stored.Paused);
        Assert.Null(stored.NextRunTime);
        Assert.True(response.Body.GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task Patch_TriggerOnly_RescheduledWithTheParametersKept()
    {
        await using var host = await StartWithGreetOftenAsync();

        var response = await PatchAsync(host, "greet-often", """{"trigger": "every(00:02:00)"}""");

        Assert.Equal(200, response.Status);
        var stored = (await host.Schedules.GetScheduleAsync("greet-often"))!;
        Assert.Equal("every(00:02:00)", stored.Trigger);
        Assert.Equal("Cy", stored.Parameters!.Value.GetProperty("name").GetString());
        Assert.InRange(stored.NextRunTime!.Value, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(2).AddSeconds(5));
    }

    [Fact]
    public async Task Put_NewTaskAndTrigger_ReplacesTheScheduleUnderItsId()
    {
        await using var host = await StartWithGreetOftenAsync();
        await host.Schedules.PauseAsync("greet-often");

        var response = await SendAsync(Request("PUT", "/api/schedules/greet-often", """{"id": "greet-often", "task": "wait", "trigger": "cron(30 2 * * *)"}"""),
            r => host.ScheduleFunctions.UpdateAsync(r, "greet-often"));

        Assert.Equal(200, response.Status);
        var stored = (await host.Schedules.GetScheduleAsync("greet-often"))!;
        Assert.Equal("wait", stored.Task);
        Assert.Equal("cron(30 2 * * *)", stored.Trigger);
        Assert.Null(stored.Parameters);
        Assert.False(stored.Paused);
        Assert.Equal(2, stored.NextRunTime!.Value.UtcDateTime.Hour);
    }

    [Fact]
    public async Task Put_TheBodyOfAGet_200AndNothingChanges()
    {
        await using var host = await StartWithGreetOftenAsync();
        var before = (await host.Schedules.GetScheduleAsync("greet-often"))!;
        var got = await SendAsync(Get("/api/schedules/greet-often"), r => host.ScheduleFunctions.GetAsync(r, "greet-often"));

        var response = await SendAsync(Request("PUT", "/api/schedules/greet-often", got.Body.GetRawText()), r => host.ScheduleFunctions.UpdateAsync(r, "greet-often"));

        Assert.Equal(200, response.Status);
        Assert.Equal(before, await host.Schedules.GetScheduleAsync("greet-often"), ScheduleComparer.Instance);
    }

    [Fact]
    public async Task Patch_ExplicitNullParameters_BackToTheTaskDefaults()
    {
        await using var host = await ApiHost.StartAsync(azurite);
        await host.Schedules.AddScheduleAsync("wait-often", "wait", TaskTrigger.Every(TimeSpan.FromMinutes(10)), new { note = "x" });

        var response = await PatchAsync(host, "wait-often", """{"parameters": null}""");

        Assert.Equal(200, response.Status);
        Assert.Null((await host.Schedules.GetScheduleAsync("wait-often"))!.Parameters);
    }

    [Fact]
    public async Task Update_BadRequests_400Or404AndTheScheduleUnchanged()
    {
        await using var host = await StartWithGreetOftenAsync();
        var before = (await host.Schedules.GetScheduleAsync("greet-often"))!;

        var badTrigger = await PatchAsync(host, "greet-often", """{"trigger": "every(soon)"}""");
        var badParameters = await PatchAsync(host, "greet-often", """{"parameters": {"count": 50, "name": "Ed"}}""");
        var otherId = await PatchAsync(host, "greet-often", """{"id": "other"}""");
        var unknownTask = await PatchAsync(host, "greet-often", """{"task": "nope"}""");
        var unknownMember = await PatchAsync(host, "greet-often", """{"trigers": "every(00:01:00)"}""");
        var notJson = await PatchAsync(host, "greet-often", "{\"paused\": tru}");
        var unknownSchedule = await PatchAsync(host, "nope", """{"paused": true}""");
        var putWithoutTrigger = await SendAsync(Request("PUT", "/api/schedules/greet-often", """{"task": "greet"}"""), r => host.ScheduleFunctions.UpdateAsync(r, "greet-often"));

        Assert.Equal(400, badTrigger.Status);
        Assert.Contains("position", badTrigger.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(400, badParameters.Status);
        Assert.True(badParameters.Body.GetProperty("errors").TryGetProperty("count", out _), badParameters.ToString());
        Assert.Equal(400, otherId.Status);
        Assert.Equal("$.id", otherId.Text("path"));
        Assert.Equal(404, unknownTask.Status);
        Assert.Equal("nope", unknownTask.Text("task"));
        Assert.Equal(400, unknownMember.Status);
        Assert.Equal(400, notJson.Status);
        Assert.Contains("byte", notJson.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(404, unknownSchedule.Status);
        Assert.Equal(400, putWithoutTrigger.Status);
        Assert.Equal("$.trigger", putWithoutTrigger.Text("path"));
        Assert.Equal(before, await host.Schedules.GetScheduleAsync("greet-often"), ScheduleComparer.Instance);
    }

    private async Task<ApiHost> StartWithGreetOftenAsync()
    {
        var host = await ApiHost.StartAsync(azurite);
        await host.Schedules.AddScheduleAsync("greet-often", "greet", TaskTrigger.Every(TimeSpan.FromMinutes(10)), new GreetParameters(2, "Cy"));
        return host;
    }

    private static Task<ApiResponse> PatchAsync(ApiHost host, string id, string body) =>
        SendAsync(Request("PATCH", "/api/schedules/" + id, body), r => host.ScheduleFunctions.UpdateAsync(r, id));

    /// <summary>Schedules compared by their members, the parameters by their JSON text.</summary>
    private sealed class ScheduleComparer : IEqualityComparer<TaskSchedule?>
    {
        public static readonly ScheduleComparer Instance = new();

        public bool Equals(TaskSchedule? x, TaskSchedule? y) =>
            x is not null && y is not null
            && (x with { Parameters = null }) == (y with { Parameters = null })
            && x.Parameters?.GetRawText() == y.Parameters?.GetRawText();

        public int GetHashCode(TaskSchedule? obj) => obj?.Id.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
