using Serverless.Tasks.Functions.Tests.TestSupport;
using Serverless.Testing;
using static Serverless.Tasks.Functions.Tests.TestSupport.ApiCall;

namespace Serverless.Tasks.Functions.Tests;

public sealed class EnqueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Enqueue_ValidParameters_202WithLocationAndAQueuedRecordWithTheParameters()
    {
        await using var host = await ApiHost.StartAsync(azurite);

        var response = await SendAsync(PostJson("/api/tasks/greet/runs", new { parameters = new { count = 3, name = "Ada" } }),
            r => host.TaskFunctions.EnqueueAsync(r, "greet"));

        Assert.Equal(202, response.Status);
        var id = response.Text("id");
        Assert.Equal($"https://tasks.example/api/runs/{Uri.EscapeDataString(id)}", response.Location);
        Assert.Equal(response.Location, response.Text("statusQueryGetUri"));
        var run = await host.Tasks.GetRunAsync(id);
        Assert.NotNull(run);
        Assert.Equal(TaskRunStatus.Queued, run.Status);
        Assert.Equal("greet", run.Task);
        Assert.Equal(TaskPriority.High, run.Priority);
        Assert.Equal(3, run.Parameters!.Value.GetProperty("count").GetInt32());
        Assert.Equal("Ada", run.Parameters.Value.GetProperty("name").GetString());
        var logged = Assert.Single(host.Logs.Entries, e => e.EventId == 7400);
        Assert.Contains(id, logged.Message, StringComparison.Ordinal);
        Assert.Contains("greet", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains("Ada", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enqueue_DelayPriorityAndRunId_ScheduledWithThemAndIdempotent()
    {
        await using var host = await ApiHost.StartAsync(azurite);
        var before = DateTimeOffset.UtcNow;
        var body = new { parameters = new { count = 1, name = "Bo" }, delay = "01:00:00", priority = 0, runId = "my-run-1" };

        var first = await SendAsync(PostJson("/api/tasks/greet/runs", body), r => host.TaskFunctions.EnqueueAsync(r, "greet"));
        var second = await SendAsync(PostJson("/api/tasks/greet/runs", body), r => host.TaskFunctions.EnqueueAsync(r, "greet"));

        Assert.Equal(202, first.Status);
        Assert.Equal("my-run-1", first.Text("id"));
        Assert.Equal("my-run-1", second.Text("id"));
        var run = Assert.Single(await host.RunsAsync());
        Assert.Equal("my-run-1", run.RunId);
        Assert.Equal(TaskRunStatus.Scheduled, run.Status);
        Assert.Equal(TaskPriority.Low, run.Priority);
        Assert.InRange(run.DueAt!.Value, before.AddMinutes(59), DateTimeOffset.UtcNow.AddHours(1).AddMinutes(1));
    }

    [Fact]
    public async Task Enqueue_NoBody_202WithTheTaskDefaults()
    {
        await using var host = await ApiHost.StartAsync(azurite);

        var response = await SendAsync(Post("/api/tasks/wait/runs"), r => host.TaskFunctions.EnqueueAsync(r, "wait"));

        Assert.Equal(202, response.Status);
        Assert.Equal(TaskRunStatus.Queued, (await host.Tasks.GetRunAsync(response.Text("id")))!.Status);
    }

    [Fact]
    public async Task Enqueue_BadBody_400NamingThePathAndNothingEnqueued()
    {
        (string Body, string Path)[] cases =
        [
            ("{\"parameters\": {", "$"),
            ("not json", "$"),
            ("{\"delay\": \"soon\"}", "$.delay"),
            ("{\"priority\": \"high\"}", "$.priority"),
            ("{\"parameter\": {\"count\": 1, \"name\": \"x\"}}", "$"),
            ("{\"priority\": 7}", "$.priority"),
            ("{\"delay\": \"-00:00:01\"}", "$.delay"),
            ("{\"delay\": \"00:00:01\", \"dueTime\": \"2030-01-01T00:00:00Z\"}", "$.delay"),
            ("{\"runId\": \" \"}", "$.runId"),
            ("{\"parameters\": {\"count\": 1, \"name\": \"x\"}, \"runId\": \"a/b\"}", "$.runId"),
            ("[1, 2]", "$"),
        ];
        await using var host = await ApiHost.StartAsync(azurite);

        foreach (var (body, path) in cases)
        {
            var response = await SendAsync(Post("/api/tasks/greet/runs", body), r => host.TaskFunctions.EnqueueAsync(r, "greet"));

            Assert.True(response.Status == 400, $"{body}: {response}");
            Assert.True(response.Body.TryGetProperty("path", out var named) && named.GetString()!.StartsWith(path, StringComparison.Ordinal), $"{body}: {response}");
        }

        var truncated = await SendAsync(Post("/api/tasks/greet/runs", "{\n  \"parameters\": {"), r => host.TaskFunctions.EnqueueAsync(r, "greet"));
        Assert.Contains("line 2", truncated.Text("detail"), StringComparison.Ordinal);
        Assert.Contains("byte", truncated.Text("detail"), StringComparison.Ordinal);
        Assert.Empty(await host.RunsAsync());
        var listed = await SendAsync(Get("/api/runs"), host.RunFunctions.ListAsync);
        Assert.Equal(0, listed.Body.GetArrayLength());
    }

    [Fact]
    public async Task Enqueue_InvalidParameters_400NamingEachMemberAndNothingWritten()
    {
        await using var host = await ApiHost.StartAsync(azurite);

        var response = await SendAsync(PostJson("/api/tasks/greet/runs", new { parameters = new { count = 30 } }),
            r => host.TaskFunctions.EnqueueAsync(r, "greet"));

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        var members = response.Body.GetProperty("errors").EnumerateObject().Select(e => e.Name.ToLowerInvariant()).ToList();
        Assert.Contains(members, m => m.Contains("count", StringComparison.Ordinal));
        Assert.Contains(members, m => m.Contains("name", StringComparison.Ordinal));
        Assert.Equal("greet", response.Text("task"));
        Assert.Contains("nothing was enqueued", response.Text("detail"), StringComparison.Ordinal);
        Assert.Empty(await host.RunsAsync());
    }

    [Fact]
    public async Task Enqueue_UnknownTask_404NamingItAndNothingWritten()
    {
        await using var host = await ApiHost.StartAsync(azurite);

        var response = await SendAsync(PostJson("/api/tasks/nope/runs", new { }), r => host.TaskFunctions.EnqueueAsync(r, "nope"));

        Assert.Equal(404, response.Status);
        Assert.Equal("nope", response.Text("task"));
        Assert.Empty(await host.RunsAsync());
    }
}
