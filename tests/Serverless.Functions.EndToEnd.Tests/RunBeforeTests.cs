namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>run_before: two prerequisites in parallel, then the step that needs both. From its HTTP start route to its output.</summary>
public sealed class RunBeforeTests(FunctionsApp app)
{
    [Fact]
    public async Task RunBefore_Environment_ConfiguresAfterBothPrerequisites()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/run_before", """{"name":"staging"}""");

        var status = await DurableHttp.WaitForEndAsync(client, started);

        Assert.Equal("Completed", status.Text("runtimeStatus"));
        Assert.Equal(
            ["deployed:staging", "db-ready:staging", "configured after deployed:staging + db-ready:staging"],
            status.Get("output").Strings());
    }
}
