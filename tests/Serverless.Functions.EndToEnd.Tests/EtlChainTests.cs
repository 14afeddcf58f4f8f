namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>The ETL chain (run_after: extract -> transform -> load, load retried by a RetryPolicy). From its HTTP start route to its output.</summary>
public sealed class EtlChainTests(FunctionsApp app)
{
    [Fact]
    public async Task EtlChain_Rows_ExtractsTransformsAndLoadsThem()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/etl_chain", """{"source":"crm","rows":[" a ","b","c"],"loadAttempts":3,"retryIntervalSeconds":0.1}""");

        await DurableHttp.WaitForEndAsync(client, started);
        var status = await DurableHttp.GetStatusAsync(client, started.StatusWithHistoryUri);

        Assert.Equal("Completed", status.Text("runtimeStatus"));
        var output = status.Get("output");
        Assert.Equal("crm", output.Text("Source"));
        Assert.Equal(3, output.Get("Extracted").GetInt32());
        Assert.Equal(3, output.Get("Loaded").GetInt32());

        // Each step got the previous one's result: transform trimmed and upper-cased what extract returned.
        var transformed = Assert.Single(DurableHttp.HistoryEvents(status, "TaskCompleted", "transform"));
        Assert.Equal(["A", "B", "C"], transformed.Get("Result").Strings());
    }

    [Fact]
    public async Task EtlChain_PoisonRow_FailsAfterEveryLoadAttempt()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/etl_chain", """{"source":"crm","rows":["ok","poison"],"loadAttempts":2,"retryIntervalSeconds":0.1}""");

        await DurableHttp.WaitForEndAsync(client, started);
        var status = await DurableHttp.GetStatusAsync(client, started.StatusWithHistoryUri);

        Assert.Equal("Failed", status.Text("runtimeStatus"));
        Assert.Contains("The target rejected row 'POISON'", status.Get("output").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, DurableHttp.HistoryEvents(status, "TaskFailed", "load").Length);
    }
}
