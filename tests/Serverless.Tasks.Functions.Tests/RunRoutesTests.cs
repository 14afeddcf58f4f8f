using Serverless.Tasks.Functions.Tests.TestSupport;
using Serverless.Testing;
using static Serverless.Tasks.Functions.Tests.TestSupport.ApiCall;

namespace Serverless.Tasks.Functions.Tests;

public sealed class RunRoutesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ListRuns_FilteredByTaskStatusTimeAndTop_NewestFirst()
    {
        await using var host = await ApiHost.StartAsync(azurite);
        var first = await EnqueueAsync(host, "greet", new { parameters = new { count = 1, name = "a" }, delay = "01:00:00" });
        var second = await EnqueueAsync(host, "greet", new { parameters = new { count = 2, name = "b" }, delay = "01:00:00" });
        var queued = await EnqueueAsync(host, "wait", new { });
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));

        Assert.Equal([second, first], await ListAsync(host, "task=greet"));
        Assert.Equal([second, first], await ListAsync(host, "task=GREET"));
        Assert.Equal([second, first], await ListAsync(host, "status=scheduled"));
        Assert.Equal([queued], await ListAsync(host, "status=Queued,Failed"));
        Assert.Equal([queued, second, first], await ListAsync(host, "status=Queued&status=Scheduled"));
        Assert.Equal([queued], await ListAsync(host, "top=1"));
        Assert.Equal([queued, second, first], await ListAsync(host, "from=2020-01-01T00:00:00Z"));
        Assert.Empty(await ListAsync(host, "from=" + future));
        Assert.Empty(await ListAsync(host, "to=2020-01-01T00:00:00Z"));
        Assert.Empty(await ListAsync(host, "task=wait&status=Scheduled"));
    }

    [Fact]
    public async Task ListRuns_BadQuery_400NamingTheParameter()
    {
        await using var host = await ApiHost.StartAsync(azurite);

        foreach (var (query, parameter) in new[] { ("status=Sleeping", "status"), ("status=3", "status"), ("from=yesterday", "from"), ("to=2026-13-01", "to"), ("top=0", "top"), ("top=5000", "top"), ("top=x", "top") })
        {
            var response = await SendAsync(Get("/api/runs?" + query), host.RunFunctions.ListAsync);

            Assert.True(response.Status == 400, $"{query}: {response}");
            Assert.Equal(parameter, response.Text("parameter"));
        }
    }

    [Fact]
    public async Task GetRun_KnownId_200WithTheRecord()
    {
        await using var host = await ApiHost.StartAsync(azurite);
        var id = await EnqueueAsync(host, "greet", new { parameters = new { count = 2, name = "Cy" } });

        var response = await SendAsync(Get("/api/runs/" + id), r => host.RunFunctions.GetAsync(r, id));

        Assert.Equal(200, response.Status);
        Assert.Equal(id, response.Text("runId"));
        Assert.Equal("greet", response.Text("task"));
        Assert.Equal("Queued", response.Text("status"));
        Assert.Equal("Cy", response.Body.GetProperty("parameters").GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetAndAbortRun_UnknownId_404NamingIt()
    {
        await using var host = await ApiHost.StartAsync(azurite);

        var get = await SendAsync(Get("/api/runs/no-such-run"), r => host.RunFunctions.GetAsync(r, "no-such-run"));
        var abort = await SendAsync(Post("/api/runs/no-such-run/abort"), r => host.RunFunctions.AbortAsync(r, "no-such-run"));

        Assert.Equal(404, get.Status);
        Assert.Equal(404, abort.Status);
        Assert.Equal("no-such-run", get.Text("runId"));
        Assert.Equal("no-such-run", abort.Text("runId"));
    }

    [Fact]
    public async Task AbortRun_QueuedAndScheduled_RecordsAbortedWithTheReasonAndASecondAbortIsFalse()
    {
        await using var host = await ApiHost.StartAsync(azurite);
        var queued = await EnqueueAsync(host, "wait", new { });
        var later = await EnqueueAsync(host, "wait", new { delay = "01:00:00" });

        var abortQueued = await SendAsync(PostJson($"/api/runs/{queued}/abort", new { reason = "operator said so" }), r => host.RunFunctions.AbortAsync(r, queued));
        var abortLater = await SendAsync(Post($"/api/runs/{later}/abort"), r => host.RunFunctions.AbortAsync(r, later));
        var again = await SendAsync(Post($"/api/runs/{queued}/abort"), r => host.RunFunctions.AbortAsync(r, queued));
        var badBody = await SendAsync(Post($"/api/runs/{queued}/abort", "{\"why\": 1}"), r => host.RunFunctions.AbortAsync(r, queued));

        Assert.Equal(200, abortQueued.Status);
        Assert.True(abortQueued.Body.GetProperty("aborted").GetBoolean());
        Assert.True(abortLater.Body.GetProperty("aborted").GetBoolean());
        Assert.False(again.Body.GetProperty("aborted").GetBoolean());
        Assert.Equal(400, badBody.Status);
        var run = (await host.Tasks.GetRunAsync(queued))!;
        Assert.Equal(TaskRunStatus.Aborted, run.Status);
        Assert.Equal("operator said so", run.Reason);
        Assert.Equal(TaskRunStatus.Aborted, (await host.Tasks.GetRunAsync(later))!.Status);
    }

    internal static async Task<string> EnqueueAsync(ApiHost host, string task, object body)
    {
        var response = await SendAsync(PostJson($"/api/tasks/{task}/runs", body), r => host.TaskFunctions.EnqueueAsync(r, task));
        Assert.True(response.Status == 202, response.ToString());
        return response.Text("id");
    }

    private static async Task<List<string>> ListAsync(ApiHost host, string query)
    {
        var response = await SendAsync(Get("/api/runs?" + query), host.RunFunctions.ListAsync);
        Assert.True(response.Status == 200, $"{query}: {response}");
        return [.. response.Body.EnumerateArray().Select(r => r.GetProperty("runId").GetString()!)];
    }
}
