using System.Net;
using System.Text.Json;
using Serverless.Testing;

namespace Serverless.Tasks.Http.Tests;

public sealed class EnqueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EnqueueRun_ValidParameters_202WithLocationAndTheRunSucceeds()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();

        using var accepted = await client.PostJsonAsync("/admin/tasks/greet/runs", new { parameters = new { count = 3, name = "Ada" } });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.ReadJsonAsync();
        var id = body.GetProperty("id").GetString()!;
        var statusUri = body.GetProperty("statusQueryGetUri").GetString()!;
        Assert.Equal(new Uri(statusUri), accepted.Headers.Location);
        Assert.EndsWith("/admin/runs/" + Uri.EscapeDataString(id), statusUri, StringComparison.Ordinal);
        var run = default(JsonElement);
        await Poll.UntilAsync(async () =>
        {
            run = await (await client.GetAsync(statusUri)).ReadJsonAsync();
            return run.GetProperty("status").GetString() == nameof(TaskRunStatus.Succeeded);
        }, "the run enqueued over HTTP succeeds");
        Assert.Equal("greet", run.GetProperty("task").GetString());
        Assert.Equal("Ada x3", run.GetProperty("result").GetString());
        Assert.Equal(TaskPriority.High, run.GetProperty("priority").GetInt32());
    }

    [Fact]
    public async Task EnqueueRun_DelayPriorityAndRunId_ScheduledWithThemAndIdempotent()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();
        var before = DateTimeOffset.UtcNow;

        var request = new { parameters = new { count = 1, name = "Bo" }, delay = "01:00:00", priority = 0, runId = "my-run-1" };
        using var first = await client.PostJsonAsync("/admin/tasks/greet/runs", request);
        using var second = await client.PostJsonAsync("/admin/tasks/greet/runs", request);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("my-run-1", (await second.ReadJsonAsync()).GetProperty("id").GetString());
        var run = await (await client.GetAsync("/admin/runs/my-run-1")).ReadJsonAsync();
        Assert.Equal(nameof(TaskRunStatus.Scheduled), run.GetProperty("status").GetString());
        Assert.Equal(TaskPriority.Low, run.GetProperty("priority").GetInt32());
        Assert.InRange(run.GetProperty("dueAt").GetDateTimeOffset(), before.AddMinutes(59), DateTimeOffset.UtcNow.AddHours(1).AddMinutes(1));
        Assert.Equal(1, await RunStorage.CountRunRowsAsync(azurite, host.Prefix));
    }

    [Fact]
    public async Task EnqueueRun_InvalidParameters_400WithMemberErrorsAndNoRunRow()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();

        using var response = await client.PostJsonAsync("/admin/tasks/greet/runs", new { parameters = new { count = 30 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name.ToLowerInvariant()).ToList();
        Assert.Contains(errors, e => e.Contains("count", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("name", StringComparison.Ordinal));
        Assert.Equal("greet", problem.GetProperty("task").GetString());
        Assert.Equal(0, await RunStorage.CountRunRowsAsync(azurite, host.Prefix));
        Assert.Equal(0, (await (await client.GetAsync("/admin/runs")).ReadJsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task EnqueueRun_BadBody_400NamingTheJsonPathAndNothingEnqueued()
    {
        (string Body, string Path)[] cases =
        [
            ("{\"parameters\": {", "$"),
            ("{\"delay\": \"soon\"}", "$.delay"),
            ("{\"priority\": \"high\"}", "$.priority"),
            ("{\"parameter\": {\"count\": 1, \"name\": \"x\"}}", "$"),
            ("{\"priority\": 7}", "$.priority"),
            ("{\"delay\": \"00:00:01\", \"dueTime\": \"2030-01-01T00:00:00Z\"}", "$.delay"),
            ("[1, 2]", "$"),
        ];
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();

        foreach (var (body, path) in cases)
        {
            using var response = await client.PostRawAsync("/admin/tasks/greet/runs", body);

            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{body}: {response.StatusCode}");
            var problem = await response.ReadJsonAsync();
            Assert.True(problem.GetProperty("path").GetString()!.StartsWith(path, StringComparison.Ordinal), $"{body}: {problem}");
        }

        Assert.Equal(0, await RunStorage.CountRunRowsAsync(azurite, host.Prefix));
    }

    [Fact]
    public async Task EnqueueRun_UnknownTask_404NamingIt()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();

        using var response = await client.PostJsonAsync("/admin/tasks/nope/runs", new { });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("nope", (await response.ReadJsonAsync()).GetProperty("task").GetString());
    }
}
