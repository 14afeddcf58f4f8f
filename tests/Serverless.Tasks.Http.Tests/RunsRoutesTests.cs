using System.Net;
using System.Text.Json;
using Serverless.Testing;

namespace Serverless.Tasks.Http.Tests;

public sealed class RunsRoutesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ListRuns_FilteredByTaskStatusTimeAndTop_NewestFirst()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();
        var first = await EnqueueAsync(client, "greet", new { parameters = new { count = 1, name = "a" }, delay = "01:00:00" });
        var second = await EnqueueAsync(client, "greet", new { parameters = new { count = 2, name = "b" }, delay = "01:00:00" });
        var waiting = await EnqueueAsync(client, "wait", new { });
        await Poll.UntilAsync(() => host.Probe.Started.ContainsKey(waiting), "the 'wait' run starts");

        var greets = await ListAsync(client, "/admin/runs?task=greet");
        var scheduled = await ListAsync(client, "/admin/runs?status=scheduled");
        var runningOrFailed = await ListAsync(client, "/admin/runs?status=Running,Failed");
        var repeated = await ListAsync(client, "/admin/runs?status=Running&status=Scheduled");
        var top = await ListAsync(client, "/admin/runs?top=1");
        var future = await ListAsync(client, $"/admin/runs?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");
        var past = await ListAsync(client, $"/admin/runs?to=2020-01-01T00:00:00Z");

        Assert.Equal([second, first], greets);
        Assert.Equal([second, first], scheduled);
        Assert.Equal([waiting], runningOrFailed);
        Assert.Equal([waiting, second, first], repeated);
        Assert.Equal([waiting], top);
        Assert.Empty(future);
        Assert.Empty(past);
        await client.PostJsonAsync($"/admin/runs/{waiting}/abort", new { });
    }

    [Fact]
    public async Task ListRuns_BadQuery_400NamingTheParameter()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();

        foreach (var (query, parameter) in new[] { ("status=Sleeping", "status"), ("status=3", "status"), ("from=yesterday", "from"), ("to=2026-13-01", "to"), ("top=0", "top"), ("top=5000", "top"), ("top=x", "top") })
        {
            using var response = await client.GetAsync("/admin/runs?" + query);
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{query}: {response.StatusCode}");
            Assert.Equal(parameter, (await response.ReadJsonAsync()).GetProperty("parameter").GetString());
        }
    }

    [Fact]
    public async Task GetAndAbortRun_UnknownId_404()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();

        using var get = await client.GetAsync("/admin/runs/no-such-run");
        using var abort = await client.PostJsonAsync("/admin/runs/no-such-run/abort", new { });

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, abort.StatusCode);
        Assert.Equal("no-such-run", (await get.ReadJsonAsync()).GetProperty("runId").GetString());
    }

    [Fact]
    public async Task AbortRun_RunningAndQueued_TokenFiresAndBothEndAborted()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var client = host.Client();
        var running = await EnqueueAsync(client, "wait", new { });
        var later = await EnqueueAsync(client, "wait", new { delay = "01:00:00" });
        await Poll.UntilAsync(() => host.Probe.Started.ContainsKey(running), "the 'wait' run starts");

        using var abortRunning = await client.PostJsonAsync($"/admin/runs/{running}/abort", new { reason = "operator said so" });
        using var abortLater = await client.PostAsync($"/admin/runs/{later}/abort", null);

        Assert.Equal(HttpStatusCode.OK, abortRunning.StatusCode);
        Assert.True((await abortRunning.ReadJsonAsync()).GetProperty("aborted").GetBoolean());
        Assert.True((await abortLater.ReadJsonAsync()).GetProperty("aborted").GetBoolean());
        var run = default(JsonElement);
        await Poll.UntilAsync(async () =>
        {
            run = await (await client.GetAsync($"/admin/runs/{running}")).ReadJsonAsync();
            return run.GetProperty("status").GetString() == nameof(TaskRunStatus.Aborted);
        }, "the running run ends Aborted");
        Assert.True(host.Probe.Cancelled.ContainsKey(running));
        var queued = await (await client.GetAsync($"/admin/runs/{later}")).ReadJsonAsync();
        Assert.Equal(nameof(TaskRunStatus.Aborted), queued.GetProperty("status").GetString());
        using var again = await client.PostJsonAsync($"/admin/runs/{running}/abort", new { });
        Assert.False((await again.ReadJsonAsync()).GetProperty("aborted").GetBoolean());
    }

    internal static async Task<string> EnqueueAsync(HttpClient client, string task, object body)
    {
        using var response = await client.PostJsonAsync($"/admin/tasks/{task}/runs", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
    }

    private static async Task<List<string>> ListAsync(HttpClient client, string uri)
    {
        using var response = await client.GetAsync(uri);
        Assert.True(response.IsSuccessStatusCode, $"{uri}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return [.. (await response.ReadJsonAsync()).EnumerateArray().Select(r => r.GetProperty("runId").GetString()!)];
    }
}
