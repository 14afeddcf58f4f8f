using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Client;
using Serverless.Host.Http.Keys;
using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.DurableTask.Functions.Tests;

/// <summary>The HTTP management API under /runtime/webhooks/durabletask: routes, status codes, JSON, keys.</summary>
public sealed class ManagementApiTests(AzuriteFixture azurite)
{
    private const string Api = "/runtime/webhooks/durabletask";

    [Fact]
    public async Task Requests_WithoutOrWithWrongKey_401_SystemOrMasterKey_Accepted()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)]);
        using var http = host.Client();
        var key = await host.SystemKeyAsync();
        var master = await host.Services.GetRequiredService<IHostKeys>().GetMasterKeyAsync();

        using var none = await http.GetAsync($"{Api}/instances");
        using var wrong = await http.GetAsync($"{Api}/instances?code=wrong");
        using var startWithout = await http.PostAsync($"{Api}/orchestrators/waiter", DurableHosts.Json("x"));
        using var byQuery = await http.GetAsync($"{Api}/instances?code={Uri.EscapeDataString(key)}");
        using var byMaster = await http.GetAsync($"{Api}/instances?code={Uri.EscapeDataString(master)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Api}/instances");
        request.Headers.Add("x-functions-key", key);
        using var byHeader = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, startWithout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byMaster.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Empty(await host.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync().ToListAsync());
    }

    [Fact]
    public async Task StartRaiseEventGet_FullLifecycle_StatusCodesAndPayload()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)]);
        using var http = host.Client();
        var code = "code=" + Uri.EscapeDataString(await host.SystemKeyAsync());

        using var start = await http.PostAsync($"{Api}/orchestrators/waiter/life-1?{code}", DurableHosts.Json("in"));
        var payload = JsonNode.Parse(await start.Content.ReadAsStringAsync())!;
        using var running = await WaitForStatusAsync(http, $"{Api}/instances/life-1?{code}", "Running");
        var runningBody = JsonNode.Parse(await running.Content.ReadAsStringAsync())!;
        using var notJson = await http.PostAsync($"{Api}/instances/life-1/raiseEvent/go?{code}", new StringContent("{oops", System.Text.Encoding.UTF8, "application/json"));
        using var raised = await http.PostAsync($"{Api}/instances/life-1/raiseEvent/go?{code}", DurableHosts.Json("ok"));
        using var done = await WaitForStatusAsync(http, $"{Api}/instances/life-1?{code}&showHistory=true&showHistoryOutput=true", "Completed");
        var body = JsonNode.Parse(await done.Content.ReadAsStringAsync())!;
        using var gone = await http.PostAsync($"{Api}/instances/life-1/raiseEvent/go?{code}", DurableHosts.Json("late"));
        using var unknown = await http.PostAsync($"{Api}/instances/nobody/raiseEvent/go?{code}", DurableHosts.Json("x"));
        using var missing = await http.GetAsync($"{Api}/instances/nobody?{code}");

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal("life-1", (string?)payload["id"]);
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.NotNull(running.Headers.Location);
        Assert.Equal("waiting", (string?)runningBody["customStatus"]);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("application/problem+json", notJson.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("waiter", (string?)body["name"]);
        Assert.Equal("life-1", (string?)body["instanceId"]);
        Assert.Equal("in", (string?)body["input"]);
        Assert.Equal("got ok with input in", (string?)body["output"]);
        Assert.EndsWith("Z", (string?)body["createdTime"], StringComparison.Ordinal);
        Assert.EndsWith("Z", (string?)body["lastUpdatedTime"], StringComparison.Ordinal);
        var events = body["historyEvents"]!.AsArray().Select(e => (string?)e!["EventType"]).ToList();
        Assert.Equal("ExecutionStarted", events[0]);
        Assert.Contains("EventRaised", events);
        Assert.Equal("ExecutionCompleted", events[^1]);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Start_UnknownOrchestratorOrBadJson_400_NothingCreated()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)]);
        using var http = host.Client();
        var code = "code=" + Uri.EscapeDataString(await host.SystemKeyAsync());

        using var unknown = await http.PostAsync($"{Api}/orchestrators/no_such?{code}", DurableHosts.Json(1));
        using var badJson = await http.PostAsync($"{Api}/orchestrators/waiter/bad-1?{code}", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        using var badQuery = await http.GetAsync($"{Api}/instances?runtimeStatus=Sleeping&{code}");
        using var badTop = await http.GetAsync($"{Api}/instances?top=zero&{code}");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no_such", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.Contains("runtimeStatus", await badQuery.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badTop.StatusCode);
        Assert.Null(await host.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync("bad-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task List_FiltersAndContinuationToken_PagesThroughMatches()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)]);
        using var http = host.Client();
        var code = "code=" + Uri.EscapeDataString(await host.SystemKeyAsync());
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        foreach (var id in new[] { "a-1", "a-2", "a-3", "b-1" })
        {
            await client.ScheduleNewOrchestrationInstanceAsync("waiter", "x", new StartOrchestrationOptions(id), TestContext.Current.CancellationToken);
        }

        await client.RaiseEventAsync("a-3", "go", "done", TestContext.Current.CancellationToken);
        await client.WaitForInstanceCompletionAsync("a-3", TestContext.Current.CancellationToken);

        using var first = await http.GetAsync($"{Api}/instances?instanceIdPrefix=a-&top=2&{code}");
        var token = first.Headers.GetValues("x-ms-continuation-token").Single();
        using var nextRequest = new HttpRequestMessage(HttpMethod.Get, $"{Api}/instances?instanceIdPrefix=a-&top=2&{code}");
        nextRequest.Headers.Add("x-ms-continuation-token", token);
        using var second = await http.SendAsync(nextRequest);
        var completed = await Ids(await http.GetAsync($"{Api}/instances?runtimeStatus=Completed&{code}"));
        var runningOrPending = await Ids(await http.GetAsync($"{Api}/instances?runtimeStatus=Running,Pending&{code}"));
        var future = await Ids(await http.GetAsync($"{Api}/instances?createdTimeFrom={DateTime.UtcNow.AddHours(1):O}&{code}"));
        var past = await Ids(await http.GetAsync($"{Api}/instances?createdTimeTo={DateTime.UtcNow.AddHours(-1):O}&{code}"));

        var page1 = await Ids(first);
        var page2 = await Ids(second);
        Assert.Equal(2, page1.Count);
        Assert.Single(page2);
        Assert.False(second.Headers.Contains("x-ms-continuation-token"));
        Assert.Equal(["a-1", "a-2", "a-3"], page1.Concat(page2).Order().ToArray());
        Assert.Equal(["a-3"], completed);
        Assert.Equal(["a-1", "a-2", "b-1"], runningOrPending.Order().ToArray());
        Assert.Empty(future);
        Assert.Empty(past);
    }

    [Fact]
    public async Task SuspendResumeTerminate_ChangeStatus_FinishedInstance410()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)]);
        using var http = host.Client();
        var code = "code=" + Uri.EscapeDataString(await host.SystemKeyAsync());
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync("waiter", "x", new StartOrchestrationOptions("ops-1"), TestContext.Current.CancellationToken);
        (await WaitForStatusAsync(http, $"{Api}/instances/ops-1?{code}", "Running")).Dispose();

        using var suspend = await http.PostAsync($"{Api}/instances/ops-1/suspend?reason=maintenance&{code}", null);
        (await WaitForStatusAsync(http, $"{Api}/instances/ops-1?{code}", "Suspended")).Dispose();
        using var resume = await http.PostAsync($"{Api}/instances/ops-1/resume?reason=done&{code}", null);
        (await WaitForStatusAsync(http, $"{Api}/instances/ops-1?{code}", "Running")).Dispose();
        using var terminate = await http.PostAsync($"{Api}/instances/ops-1/terminate?reason=stop&{code}", null);
        using var terminated = await WaitForStatusAsync(http, $"{Api}/instances/ops-1?{code}", "Terminated");
        using var again = await http.PostAsync($"{Api}/instances/ops-1/terminate?{code}", null);
        using var missing = await http.PostAsync($"{Api}/instances/nobody/suspend?{code}", null);

        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, terminated.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task RestartAndPurge_RestartedRunsAgain_PurgedIs404()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)]);
        using var http = host.Client();
        var code = "code=" + Uri.EscapeDataString(await host.SystemKeyAsync());
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync("waiter", "x", new StartOrchestrationOptions("rp-1"), TestContext.Current.CancellationToken);
        (await WaitForStatusAsync(http, $"{Api}/instances/rp-1?{code}", "Running")).Dispose();

        using var purgeRunning = await http.DeleteAsync($"{Api}/instances/rp-1?{code}");
        await client.RaiseEventAsync("rp-1", "go", "first", TestContext.Current.CancellationToken);
        (await WaitForStatusAsync(http, $"{Api}/instances/rp-1?{code}", "Completed")).Dispose();
        using var restartSame = await http.PostAsync($"{Api}/instances/rp-1/restart?restartWithNewInstanceId=false&{code}", null);
        var samePayload = JsonNode.Parse(await restartSame.Content.ReadAsStringAsync())!;
        (await WaitForStatusAsync(http, $"{Api}/instances/rp-1?{code}", "Running")).Dispose();
        await client.RaiseEventAsync("rp-1", "go", "second", TestContext.Current.CancellationToken);
        var second = await client.WaitForInstanceCompletionAsync("rp-1", getInputsAndOutputs: true, TestContext.Current.CancellationToken);
        using var restartNew = await http.PostAsync($"{Api}/instances/rp-1/restart?{code}", null);
        var newId = (string)JsonNode.Parse(await restartNew.Content.ReadAsStringAsync())!["id"]!;
        using var restartMissing = await http.PostAsync($"{Api}/instances/nobody/restart?{code}", null);
        using var purge = await http.DeleteAsync($"{Api}/instances/rp-1?{code}");
        var purged = JsonNode.Parse(await purge.Content.ReadAsStringAsync())!;
        using var afterPurge = await http.GetAsync($"{Api}/instances/rp-1?{code}");
        using var purgeMissing = await http.DeleteAsync($"{Api}/instances/rp-1?{code}");

        Assert.Equal(HttpStatusCode.PreconditionFailed, purgeRunning.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, restartSame.StatusCode);
        Assert.Equal("rp-1", (string?)samePayload["id"]);
        Assert.Equal("got second with input x", second.ReadOutputAs<string>());
        Assert.Equal(HttpStatusCode.Accepted, restartNew.StatusCode);
        Assert.NotEqual("rp-1", newId);
        Assert.Equal(HttpStatusCode.BadRequest, restartMissing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(1, (int)purged["instancesDeleted"]!);
        Assert.Equal(HttpStatusCode.NotFound, afterPurge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, purgeMissing.StatusCode);
    }

    [Fact]
    public async Task PurgeByFilter_NeedsCreatedTimeFrom_DeletesOnlyFinishedMatches()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)]);
        using var http = host.Client();
        var code = "code=" + Uri.EscapeDataString(await host.SystemKeyAsync());
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        var from = DateTime.UtcNow.AddMinutes(-1).ToString("O");
        foreach (var id in new[] { "pf-1", "pf-2", "pf-3" })
        {
            await client.ScheduleNewOrchestrationInstanceAsync("waiter", "x", new StartOrchestrationOptions(id), TestContext.Current.CancellationToken);
        }

        foreach (var id in new[] { "pf-1", "pf-2" })
        {
            await client.RaiseEventAsync(id, "go", "y", TestContext.Current.CancellationToken);
            await client.WaitForInstanceCompletionAsync(id, TestContext.Current.CancellationToken);
        }

        using var noFrom = await http.DeleteAsync($"{Api}/instances?{code}");
        using var purge = await http.DeleteAsync($"{Api}/instances?createdTimeFrom={from}&runtimeStatus=Completed&{code}");
        var body = JsonNode.Parse(await purge.Content.ReadAsStringAsync())!;
        using var nothingLeft = await http.DeleteAsync($"{Api}/instances?createdTimeFrom={from}&runtimeStatus=Completed&{code}");

        Assert.Equal(HttpStatusCode.BadRequest, noFrom.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(2, (int)body["instancesDeleted"]!);
        Assert.Equal(HttpStatusCode.NotFound, nothingLeft.StatusCode);
        Assert.NotNull(await client.GetInstanceAsync("pf-3", TestContext.Current.CancellationToken));
    }

    private static async Task<List<string>> Ids(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return [.. JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(n => (string)n!["instanceId"]!)];
        }
    }

    private static async Task<HttpResponseMessage> WaitForStatusAsync(HttpClient http, string uri, string status)
    {
        HttpResponseMessage? last = null;
        await Poll.UntilAsync(
            async () =>
            {
                last?.Dispose();
                last = await http.GetAsync(uri);
                var body = await last.Content.ReadAsStringAsync();
                return last.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted && (string?)JsonNode.Parse(body)!["runtimeStatus"] == status;
            },
            $"{uri} to be {status}");
        return last!;
    }
}
