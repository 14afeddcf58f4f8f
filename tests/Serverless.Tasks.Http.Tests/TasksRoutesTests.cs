using System.Net;
using System.Text.Json;
using Serverless.Testing;

namespace Serverless.Tasks.Http.Tests;

public sealed class TasksRoutesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ListTasks_WithMasterKey_EachTaskWithOptionsAndItsSchedules()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();

        var json = default(JsonElement);
        await Poll.UntilAsync(async () =>
        {
            var tasks = await (await client.GetAsync("/admin/tasks")).ReadJsonAsync();
            Assert.Equal(["greet", "hourly", "wait"], tasks.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order());
            json = tasks.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "hourly");
            return json.GetProperty("schedules").GetArrayLength() > 0;
        }, "the declared schedule of 'hourly' listed with the task");

        Assert.Equal("default", json.GetProperty("namespace").GetString());
        Assert.Equal(TaskPriority.Normal, json.GetProperty("priority").GetInt32());
        Assert.Equal("every(01:00:00)", json.GetProperty("trigger").GetString());
        var options = json.GetProperty("options");
        Assert.Equal(2, options.GetProperty("maxRetries").GetInt32());
        Assert.False(options.GetProperty("atMostOnce").GetBoolean());
        Assert.Equal("00:05:00", options.GetProperty("timeout").GetString());
        Assert.Equal(JsonValueKind.Null, options.GetProperty("cpuBound").ValueKind);
        Assert.False(options.GetProperty("opportunistic").GetBoolean());
        var schedule = json.GetProperty("schedules")[0];
        Assert.Equal("hourly", schedule.GetProperty("id").GetString());
        Assert.False(schedule.GetProperty("paused").GetBoolean());
        var next = schedule.GetProperty("nextRunTime").GetDateTimeOffset();
        Assert.InRange(next, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1).AddMinutes(1));
        Assert.Equal(next, json.GetProperty("nextRunTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task GetTask_KnownOrUnknownName_200Or404()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();

        var greet = await (await client.GetAsync("/admin/tasks/GREET")).ReadJsonAsync();
        using var unknown = await client.GetAsync("/admin/tasks/nope");

        Assert.Equal("greet", greet.GetProperty("name").GetString());
        Assert.Equal(TaskPriority.High, greet.GetProperty("priority").GetInt32());
        Assert.Equal("GreetParameters", greet.GetProperty("options").GetProperty("parametersType").GetString());
        Assert.True(greet.GetProperty("options").GetProperty("atMostOnce").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var problem = await unknown.ReadJsonAsync();
        Assert.Contains("'nope'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("greet", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
