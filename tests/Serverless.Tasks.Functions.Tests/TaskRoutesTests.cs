using System.Text.Json;
using Serverless.Tasks.Functions.Tests.TestSupport;
using Serverless.Testing;
using static Serverless.Tasks.Functions.Tests.TestSupport.ApiCall;

namespace Serverless.Tasks.Functions.Tests;

public sealed class TaskRoutesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ListTasks_SampleCatalog_EachTaskWithOptionsSchedulesAndNextRunTime()
    {
        await using var host = await ApiHost.StartAsync(azurite);

        var response = await SendAsync(Get("/api/tasks"), host.TaskFunctions.ListAsync);

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        var tasks = response.Body.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(["alert", "crunch", "greet", "hourly", "nightly", "wait"], tasks.Keys.Order(StringComparer.Ordinal));
        var nightly = tasks["nightly"];
        Assert.Equal("default", nightly.GetProperty("namespace").GetString());
        Assert.Equal(TaskPriority.Normal, nightly.GetProperty("priority").GetInt32());
        Assert.Equal("cron(0 3 * * *)", nightly.GetProperty("trigger").GetString());
        var next = nightly.GetProperty("nextRunTime").GetDateTimeOffset();
        Assert.InRange(next, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1).AddMinutes(1));
        Assert.Equal(3, next.UtcDateTime.Hour);
        Assert.Equal(next, nightly.GetProperty("schedules")[0].GetProperty("nextRunTime").GetDateTimeOffset());
        Assert.Equal("nightly", nightly.GetProperty("schedules")[0].GetProperty("id").GetString());
        Assert.True(nightly.GetProperty("schedules")[0].GetProperty("declared").GetBoolean());
        var nightlyOptions = nightly.GetProperty("options");
        Assert.Equal("alert", nightlyOptions.GetProperty("onFailure").GetString());
        Assert.Equal(["wait"], nightlyOptions.GetProperty("runBefore").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, nightlyOptions.GetProperty("runAfter").ValueKind);
        var hourly = tasks["hourly"].GetProperty("options");
        Assert.Equal(2, hourly.GetProperty("maxRetries").GetInt32());
        Assert.False(hourly.GetProperty("atMostOnce").GetBoolean());
        Assert.Equal("00:05:00", hourly.GetProperty("timeout").GetString());
        Assert.Equal(JsonValueKind.Null, hourly.GetProperty("cpuBound").ValueKind);
        var cpu = tasks["crunch"].GetProperty("options").GetProperty("cpuBound");
        Assert.Equal(2, cpu.GetProperty("cpus").GetDouble());
        Assert.Equal(4, cpu.GetProperty("memoryGiB").GetDouble());
        Assert.Equal(4, cpu.GetProperty("ranks").GetInt32());
        Assert.Equal(JsonValueKind.Null, tasks["greet"].GetProperty("nextRunTime").ValueKind);
        Assert.Equal(0, tasks["greet"].GetProperty("schedules").GetArrayLength());
    }

    [Fact]
    public async Task GetTask_KnownNameInOtherCase_200WithTheTask()
    {
        await using var host = await ApiHost.StartAsync(azurite);

        var response = await SendAsync(Get("/api/tasks/GREET"), r => host.TaskFunctions.GetAsync(r, "GREET"));

        Assert.Equal(200, response.Status);
        Assert.Equal("greet", response.Text("name"));
        Assert.Equal(TaskPriority.High, response.Body.GetProperty("priority").GetInt32());
        var options = response.Body.GetProperty("options");
        Assert.Equal("GreetParameters", options.GetProperty("parametersType").GetString());
        Assert.Equal("String", options.GetProperty("resultType").GetString());
        Assert.True(options.GetProperty("atMostOnce").GetBoolean());
    }

    [Fact]
    public async Task GetTask_UnknownName_404ProblemNamingItAndTheKnownTasks()
    {
        await using var host = await ApiHost.StartAsync(azurite);

        var response = await SendAsync(Get("/api/tasks/nope"), r => host.TaskFunctions.GetAsync(r, "nope"));

        Assert.Equal(404, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("nope", response.Text("task"));
        Assert.Equal(404, response.Body.GetProperty("status").GetInt32());
        Assert.Contains("'nope'", response.Text("detail"), StringComparison.Ordinal);
        Assert.Contains("greet", response.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRoute_AppWithoutTasks_404NoTasksInThisApp()
    {
        await using var host = await ApiHost.StartAsync(azurite, new TaskRegistry().Build());
        var tasks = host.TaskFunctions;
        var runs = host.RunFunctions;
        var schedules = host.ScheduleFunctions;
        var schedule = """{"id": "s", "task": "t", "trigger": "every(00:01:00)"}""";
        (string Route, Func<Task<ApiResponse>> Call)[] routes =
        [
            ("GET tasks", () => SendAsync(Get("/api/tasks"), tasks.ListAsync)),
            ("GET tasks/{name}", () => SendAsync(Get("/api/tasks/t"), r => tasks.GetAsync(r, "t"))),
            ("POST tasks/{name}/runs", () => SendAsync(Post("/api/tasks/t/runs", "{}"), r => tasks.EnqueueAsync(r, "t"))),
            ("GET runs", () => SendAsync(Get("/api/runs"), runs.ListAsync)),
            ("GET runs/{runId}", () => SendAsync(Get("/api/runs/r"), r => runs.GetAsync(r, "r"))),
            ("POST runs/{runId}/abort", () => SendAsync(Post("/api/runs/r/abort"), r => runs.AbortAsync(r, "r"))),
            ("GET schedules", () => SendAsync(Get("/api/schedules"), schedules.ListAsync)),
            ("POST schedules", () => SendAsync(Post("/api/schedules", schedule), schedules.AddAsync)),
            ("GET schedules/{id}", () => SendAsync(Get("/api/schedules/s"), r => schedules.GetAsync(r, "s"))),
            ("PATCH schedules/{id}", () => SendAsync(Request("PATCH", "/api/schedules/s", "{}"), r => schedules.UpdateAsync(r, "s"))),
            ("DELETE schedules/{id}", () => SendAsync(Request("DELETE", "/api/schedules/s"), r => schedules.RemoveAsync(r, "s"))),
            ("POST schedules/{id}/pause", () => SendAsync(Post("/api/schedules/s/pause"), r => schedules.PauseAsync(r, "s"))),
            ("POST schedules/{id}/resume", () => SendAsync(Post("/api/schedules/s/resume"), r => schedules.ResumeAsync(r, "s"))),
            ("POST schedules/{id}/reschedule", () => SendAsync(Post("/api/schedules/s/reschedule", schedule), r => schedules.RescheduleAsync(r, "s"))),
            ("POST schedules/{id}/run", () => SendAsync(Post("/api/schedules/s/run"), r => schedules.RunNowAsync(r, "s"))),
        ];

        foreach (var (route, call) in routes)
        {
            var response = await call();
            Assert.True(response.Status == 404, $"{route}: {response}");
            Assert.Equal("no tasks in this app", response.Text("detail"));
        }
    }
}
