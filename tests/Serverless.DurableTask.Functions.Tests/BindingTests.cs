using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Client;
using Serverless.Testing;

namespace Serverless.DurableTask.Functions.Tests;

/// <summary>The orchestration, activity and client bindings, and CreateCheckStatusResponse.</summary>
public sealed class BindingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ActivityThrows_OrchestratorCatchesTaskFailedException_WithRealErrorTypeAndMessage()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)]);
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("catch_failure", cancellation: TestContext.Current.CancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());
        var caught = done.ReadOutputAs<CaughtFailure>()!;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("throws", caught.TaskName);
        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, caught.ErrorType);
        Assert.Contains("The amount is too big.", caught.ErrorMessage, StringComparison.Ordinal);
        Assert.True(caught.CausedByArgumentOutOfRange);
    }

    [Fact]
    public async Task InstanceClasses_BuiltFromScope_WithInjectedServicesAndBindingData()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(InstanceOrchestration)], configureServices: s => s.AddSingleton<Greeter>());
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("instance_orchestrator", "ada", new StartOrchestrationOptions("inst-1"), TestContext.Current.CancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());

        Assert.Equal("hello ada from inst-1 / hello instance_orchestrator", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task OrchestratorInputParameter_BoundFromOrchestrationInput()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(InputParameterOrchestration)]);
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("input_parameter", new CaughtFailure("t", "E", "m", false), TestContext.Current.CancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());

        Assert.Equal("t:E:m", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ActivityExceedsFunctionTimeout_FailsWithTimeoutException()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)],
            hostJson: $$"""{ "version": "2.0", "functionTimeout": "00:00:00.500", "extensions": { "durableTask": { "hubName": "{{DurableHosts.Hub()}}" } } }""");
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var id = await client.ScheduleNewOrchestrationInstanceAsync("slow_activity_chain", cancellation: TestContext.Current.CancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, Timeout());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("Timeout value of 00:00:00.5000000 was exceeded by function: Functions.slow", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCheckStatusResponse_Payload_HasDurableFunctionsUrlsAndLocation()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)]);
        using var http = host.Client();
        var key = await host.SystemKeyAsync();
        var hub = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Engine.DurableTaskEngineOptions>>().Value.HubName;

        using var response = await http.PostAsync("/api/start/waiter", DurableHosts.Json("in"));
        var raw = await response.Content.ReadAsStringAsync();
        var payload = JsonNode.Parse(raw)!.AsObject();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("&connection=Storage&code=", raw, StringComparison.Ordinal);
        var id = (string)payload["id"]!;
        var instance = $"{host.BaseAddress.GetLeftPart(UriPartial.Authority)}/runtime/webhooks/durabletask/instances/{id}";
        var query = $"taskHub={hub}&connection=Storage&code={Uri.EscapeDataString(key)}";
        Assert.Equal($"{instance}?{query}", (string?)payload["statusQueryGetUri"]);
        Assert.Equal($"{instance}/raiseEvent/{{eventName}}?{query}", (string?)payload["sendEventPostUri"]);
        Assert.Equal($"{instance}/terminate?reason={{text}}&{query}", (string?)payload["terminatePostUri"]);
        Assert.Equal($"{instance}/suspend?reason={{text}}&{query}", (string?)payload["suspendPostUri"]);
        Assert.Equal($"{instance}/resume?reason={{text}}&{query}", (string?)payload["resumePostUri"]);
        Assert.Equal($"{instance}/restart?{query}", (string?)payload["restartPostUri"]);
        Assert.Equal($"{instance}?{query}", (string?)payload["purgeHistoryDeleteUri"]);
        Assert.Equal((string?)payload["statusQueryGetUri"], response.Headers.Location?.OriginalString);
        Assert.Equal(8, payload.Count);
    }

    [Fact]
    public async Task DurableClient_OtherTaskHub_BindingFails()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(OtherHubStarter)]);
        using var http = host.Client();

        using var response = await http.GetAsync("/api/other_hub");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.True((int)response.StatusCode >= 400);
    }

    [Fact]
    public async Task Banner_DescribesDurableTriggers()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(TestOrchestrations)]);
        var catalog = host.Services.GetRequiredService<Serverless.Host.Hosting.FunctionCatalog>();
        var endpoint = new Serverless.Host.Bindings.HostEndpoint(host.BaseAddress);

        Assert.Equal("orchestrationTrigger", catalog.Find("waiter")!.TriggerBinding.Describe(endpoint));
        Assert.Equal("activityTrigger", catalog.Find("throws")!.TriggerBinding.Describe(endpoint));
        Assert.Null(catalog.Find("throws")!.TriggerBinding.CreateListener(null!));
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}
