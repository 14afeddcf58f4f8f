namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>The eternal monitor: check, custom status, durable timer, ContinueAsNew. From its HTTP start route to its output.</summary>
public sealed class EternalMonitorTests(FunctionsApp app)
{
    [Fact]
    public async Task Monitor_StopAfterThreeChecks_ContinuesAsNewThenCompletes()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/monitor", """{"target":"db","intervalSeconds":0.2,"stopAfterChecks":3}""");

        await DurableHttp.WaitForEndAsync(client, started);
        var status = await DurableHttp.GetStatusAsync(client, started.StatusWithHistoryUri);

        Assert.Equal("Completed", status.Text("runtimeStatus"));
        var output = status.Get("output");
        Assert.Equal(3, output.Get("Checks").GetInt32());
        Assert.Equal("healthy:db", output.Text("LastStatus"));
        Assert.Equal(3, status.Get("customStatus").Get("Checks").GetInt32());

        // The history is the last execution's only: one check, started with the state the previous one carried over.
        Assert.Single(DurableHttp.HistoryEvents(status, "TaskCompleted", "check_target"));
        Assert.Equal(2, status.Get("input").Get("Checks").GetInt32());
    }
}
