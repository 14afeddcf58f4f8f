using System.Text.Json.Nodes;
using Serverless.Orchestrations;
using Serverless.Testing;

namespace Serverless.DurableTask.Functions.Tests;

/// <summary>Every sample end to end over HTTP: start through its starter function, poll statusQueryGetUri, check the output.</summary>
public sealed class SampleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EtlChain_StartedOverHttp_CompletesWithLoadedRows()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(EtlChain)]);
        using var client = host.Client();

        var payload = await client.StartAsync("/api/etl_chain", new EtlRequest("sales", ["a", " b "]));
        var status = await client.PollStatusAsync((string)payload["statusQueryGetUri"]!, "Completed", "Failed");

        Assert.Equal("Completed", (string?)status["runtimeStatus"]);
        Assert.Equal("sales", (string?)status["output"]!["source"]);
        Assert.Equal(2, (int)status["output"]!["extracted"]!);
        Assert.Equal(2, (int)status["output"]!["loaded"]!);
    }

    [Fact]
    public async Task EtlChain_LoadAlwaysFails_RetriedThenFailureNotifyRunsAndInstanceFails()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(EtlChain)]);
        using var client = host.Client();

        var payload = await client.StartAsync("/api/etl_chain", new EtlRequest("sales", ["ok", "poison"], LoadAttempts: 3, RetryIntervalSeconds: 0.05));
        var status = await client.PollStatusAsync((string)payload["statusQueryGetUri"]!, "Completed", "Failed");
        var history = await client.GetFromJsonNodeAsync((string)payload["statusQueryGetUri"]! + "&showHistory=true&showHistoryOutput=true");

        Assert.Equal("Failed", (string?)status["runtimeStatus"]);
        Assert.Contains("rejected row 'POISON'", (string?)status["output"], StringComparison.Ordinal);
        var events = history["historyEvents"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var loadFailures = events.Where(e => (string?)e["EventType"] == "TaskFailed" && (string?)e["FunctionName"] == "load").ToList();
        Assert.Equal(3, loadFailures.Count);
        Assert.All(loadFailures, e => Assert.Equal(typeof(InvalidDataException).FullName, (string?)e["Details"]));
        Assert.Contains(events, e => (string?)e["EventType"] == "TaskCompleted" && (string?)e["FunctionName"] == "failure_notify");
    }

    [Fact]
    public async Task RunBefore_DeployAndDbInParallel_ConfigureRunsAfterBoth()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(RunBefore)]);
        using var client = host.Client();

        var payload = await client.StartAsync("/api/run_before", new EnvironmentRequest("staging"));
        var status = await client.PollStatusAsync((string)payload["statusQueryGetUri"]! + "&showHistory=true", "Completed", "Failed");

        var output = status["output"]!.AsArray().Select(n => (string?)n).ToArray();
        Assert.Equal(["deployed:staging", "db-ready:staging", "configured after deployed:staging + db-ready:staging"], output);
        var events = status["historyEvents"]!.AsArray().Select(e => e!.AsObject()).Where(e => (string?)e["EventType"] == "TaskCompleted").ToList();
        var configure = events.Single(e => (string?)e["FunctionName"] == "configure_environment");
        var deploy = events.Single(e => (string?)e["FunctionName"] == "deploy_environment");
        var prepare = events.Single(e => (string?)e["FunctionName"] == "prepare_db");
        // Both were scheduled in the first episode, together; configure only after both completed.
        Assert.Equal((string?)deploy["ScheduledTime"], (string?)prepare["ScheduledTime"]);
        Assert.True(string.CompareOrdinal((string?)configure["ScheduledTime"], (string?)deploy["Timestamp"]) >= 0);
        Assert.True(string.CompareOrdinal((string?)configure["ScheduledTime"], (string?)prepare["Timestamp"]) >= 0);
    }

    [Fact]
    public async Task FanOutFanIn_OverList_SumsEveryItem()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(FanOutFanIn)]);
        using var client = host.Client();
        var items = Enumerable.Range(1, 20).Select(i => new string('x', i)).ToArray();

        var payload = await client.StartAsync("/api/fan_out_fan_in", items);
        var status = await client.PollStatusAsync((string)payload["statusQueryGetUri"]!, "Completed", "Failed");

        Assert.Equal(210, (int)status["output"]!);
    }

    [Fact]
    public async Task Approval_EventRaisedThroughSendEventPostUri_Approved()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(Approval)]);
        using var client = host.Client();

        var payload = await client.StartAsync("/api/approval", new ApprovalRequest("budget", TimeoutSeconds: 300));
        var statusUri = (string)payload["statusQueryGetUri"]!;
        await client.PollStatusAsync(statusUri, "Running");
        var sendEvent = ((string)payload["sendEventPostUri"]!).Replace("{eventName}", Approval.EventName, StringComparison.Ordinal);
        using var raised = await client.PostAsync(sendEvent, DurableHosts.Json(true));
        var status = await client.PollStatusAsync(statusUri, "Completed", "Failed");

        Assert.Equal(System.Net.HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal("approved:budget", (string?)status["output"]);
    }

    [Fact]
    public async Task Approval_NoEventBeforeTimeout_Escalated()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(Approval)]);
        using var client = host.Client();

        var payload = await client.StartAsync("/api/approval", new ApprovalRequest("travel", TimeoutSeconds: 0.3));
        var status = await client.PollStatusAsync((string)payload["statusQueryGetUri"]!, "Completed", "Failed");

        Assert.Equal("escalated:travel", (string?)status["output"]);
    }

    [Fact]
    public async Task Monitor_ContinuesAsNewEachRound_CustomStatusCountsChecksUntilStopped()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(EternalMonitor)]);
        using var client = host.Client();

        var payload = await client.StartAsync("/api/monitor", new MonitorState("db", IntervalSeconds: 0.1, StopAfterChecks: 4));
        var statusUri = (string)payload["statusQueryGetUri"]!;
        JsonObject? early = null;
        await Poll.UntilAsync(async () => (early = await client.GetFromJsonNodeAsync(statusUri))["customStatus"] is not null, "the first check's custom status");
        var status = await client.PollStatusAsync(statusUri + "&showHistory=true", "Completed", "Failed");

        Assert.True((int)early!["customStatus"]!["checks"]! >= 1);
        Assert.Equal(4, (int)status["output"]!["checks"]!);
        Assert.Equal(4, (int)status["customStatus"]!["checks"]!);
        // The input of the last execution is the state ContinueAsNew carried over: three rounds before it.
        Assert.Equal(3, (int)status["input"]!["checks"]!);
        // A fresh history per execution: only the last round's events.
        var history = status["historyEvents"]!.AsArray();
        Assert.Single(history, e => (string?)e!["EventType"] == "TaskCompleted");
    }
}

internal static class JsonHttp
{
    public static async Task<JsonObject> GetFromJsonNodeAsync(this HttpClient client, string uri)
    {
        using var response = await client.GetAsync(uri);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
