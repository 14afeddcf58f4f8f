using Serverless.Testing;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>
/// The drop-in check: HelloCities.cs, written in the shape of the Durable Functions isolated quickstart (block
/// namespace, default route, loggers from the FunctionContext), runs in the app as it is.
/// </summary>
public sealed class HelloCitiesTests(FunctionsApp app)
{
    [Fact]
    public void HelloCities_HttpStart_IsListedOnItsDefaultRoute()
    {
        var start = app.Host.Functions.Single(f => f.Name == "HelloCities_HttpStart");

        Assert.Equal(new Uri(app.Host.BaseAddress, "api/HelloCities_HttpStart"), start.Url);
        Assert.Equal(["GET", "POST"], start.Methods.Select(m => m.ToUpperInvariant()).Order());
        Assert.Contains(app.Host.Functions, f => f is { Name: "HelloCities", TriggerType: "orchestrationTrigger" });
        Assert.Contains(app.Host.Functions, f => f is { Name: "SayHello", TriggerType: "activityTrigger" });
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task HelloCities_StartedOverHttp_GreetsTheThreeCitiesInOrder(string method)
    {
        using var client = app.Host.CreateHttpClient();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "api/HelloCities_HttpStart"));
        var started = await DurableHttp.ReadStartedAsync(response, "HelloCities_HttpStart");

        var status = await DurableHttp.WaitForEndAsync(client, started);

        Assert.Equal("Completed", status.Text("runtimeStatus"));
        Assert.Equal("HelloCities", status.Text("name"));
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], status.Get("output").Strings());
        await Poll.UntilAsync(() => app.Host.Logs.Containing($"Started HelloCities instance {started.Id}.").Count == 1, "the starter's log line");
        Assert.NotEmpty(app.Host.Logs.Containing("Greeting Tokyo."));
    }
}
