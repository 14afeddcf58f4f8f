using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Serverless.DurableTask.Functions.Tests;

/// <summary>[DurableTask] classes and WaitForCompletionOrCreateCheckStatusResponseAsync.</summary>
public sealed class ClassBasedTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ClassBasedOrchestrator_WaitingStarter_200WithOutput()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(WaitingStarter)], configureServices: s => s.AddSingleton<Greeter>());
        using var client = host.Client();

        using var response = await client.PostAsync("/api/shout/ShoutOrchestrator", DurableHosts.Json("bob"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HELLO BOB!", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task WaitingStarter_NotDoneInTime_202CheckStatusPayload()
    {
        await using var host = await DurableHosts.StartAsync(azurite, [typeof(WaitingStarter), typeof(TestOrchestrations)]);
        using var client = host.Client();

        using var response = await client.PostAsync("/api/shout/waiter?timeout=0.2", DurableHosts.Json("x"));
        var payload = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull((string?)payload["statusQueryGetUri"]);
    }
}
