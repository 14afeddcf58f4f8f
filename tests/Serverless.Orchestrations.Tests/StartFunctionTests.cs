using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace Serverless.Orchestrations.Tests;

/// <summary>The HTTP start functions called as the worker calls them, with the test host's client as [DurableClient].</summary>
public sealed class StartFunctionTests
{
    private static readonly Dictionary<string, Func<HttpRequestData, DurableTaskClient, Task<HttpResponseData>>> Starters = new()
    {
        ["etl_chain"] = EtlChain.HttpStart,
        ["run_before"] = RunBefore.HttpStart,
        ["fan_out_fan_in"] = FanOutFanIn.HttpStart,
        ["partner_sync"] = Retries.HttpStart,
        ["fulfill_order"] = FailureHandler.HttpStart,
        ["approval"] = Approval.HttpStart,
        ["monitor"] = EternalMonitor.HttpStart,
        ["deploy_release"] = SubOrchestration.HttpStart,
        ["counter_add"] = (req, client) => Counter.HttpAdd(req, "c1", client),
    };

    [Theory]
    [InlineData("etl_chain")]
    [InlineData("run_before")]
    [InlineData("fan_out_fan_in")]
    [InlineData("partner_sync")]
    [InlineData("fulfill_order")]
    [InlineData("approval")]
    [InlineData("monitor")]
    [InlineData("deploy_release")]
    [InlineData("counter_add")]
    public async Task HttpStart_BodyNotJson_Returns400AndStartsNothing(string name)
    {
        await using var host = await TestHost.StartAsync(_ => { });

        var response = await CallAsync(name, host, "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a valid JSON", response.ReadBody(), StringComparison.Ordinal);
        Assert.Empty(await host.Client.GetAllInstancesAsync().ToListAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("null", "must be a JSON EtlRequest, not null")]
    [InlineData("""{"rows":["a"]}""", "The Source field is required.")]
    [InlineData("""{"source":"crm","loadAttempts":0}""", "The field LoadAttempts must be between 1 and 10.")]
    [InlineData("""{"source":"crm","rows":"a"}""", "Path: $.rows")]
    public async Task HttpStart_BadEtlRequest_Returns400NamingTheProblem(string body, string problem)
    {
        await using var host = await TestHost.StartAsync(_ => { });

        var response = await CallAsync("etl_chain", host, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, response.ReadBody(), StringComparison.Ordinal);
        Assert.Empty(await host.Client.GetAllInstancesAsync().ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task HttpStart_ValidBody_Returns202WithCheckStatusUrlsAndTheInstanceCompletes()
    {
        await using var host = await TestHost.StartAsync(tasks =>
        {
            tasks.AddOrchestratorFunc<string[], int>("fan_out_fan_in", (context, _) => FanOutFanIn.RunOrchestrator(context));
            tasks.AddActivityFunc<string, int>("measure_item", (_, item) => FanOutFanIn.MeasureItem(item));
        });

        var response = await CallAsync("fan_out_fan_in", host, """["a","bb"]""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var payload = JsonDocument.Parse(response.ReadBody());
        // Pascal case: the worker's default serializer (System.Text.Json) ignores the payload's Newtonsoft [JsonProperty] names.
        string instanceId = payload.RootElement.GetProperty("Id").GetString()!;
        string statusUri = $"http://localhost:7071/runtime/webhooks/durabletask/instances/{instanceId}";
        Assert.Equal(statusUri, payload.RootElement.GetProperty("StatusQueryGetUri").GetString());
        Assert.Equal([statusUri], response.Headers.GetValues("Location"));
        var instance = await host.WaitForCompletionAsync(instanceId);
        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal(3, instance.ReadOutputAs<int>());
    }

    private static async Task<FakeHttpResponseData> CallAsync(string name, DurableTaskTestHost host, string body) =>
        (FakeHttpResponseData)await Starters[name](new FakeHttpRequestData(body, $"orchestrations/{name}"), host.Client);
}
