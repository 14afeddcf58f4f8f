using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Http.Keys;
using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.DurableTask.Functions.Tests;

/// <summary>Starts real function hosts with the durable extension, and talks to them over HTTP as a user would.</summary>
internal static class DurableHosts
{
    public const string HostIdSetting = "AzureFunctionsWebHost:hostid";

    /// <summary>A host on the test's Azurite (keys live there); the durable backend in memory unless <paramref name="inMemory"/> is false.</summary>
    public static Task<TestFunctionHost> StartAsync(
        AzuriteFixture azurite,
        Type[] functionTypes,
        bool inMemory = true,
        IDictionary<string, string?>? settings = null,
        string? hostJson = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        values.TryAdd(HostIdSetting, AzuriteFixture.UniqueName("h"));
        if (inMemory)
        {
            values.TryAdd("DurableTask:Backend", "InMemory");
        }

        return TestFunctionHost.StartAsync(azurite.ConnectionString, functionTypes, values, configureServices, hostJson ?? UniqueHubJson());
    }

    /// <summary>host.json with a task hub of its own, so tests on one Azurite never share queues or tables.</summary>
    public static string UniqueHubJson(string extra = "") =>
        $$"""{ "version": "2.0", "extensions": { "durableTask": { "hubName": "{{Hub()}}"{{extra}} } } }""";

    public static string Hub() => "t" + Guid.NewGuid().ToString("N")[..16];

    public static HttpClient Client(this TestFunctionHost host) => new() { BaseAddress = host.BaseAddress };

    public static async Task<string> SystemKeyAsync(this TestFunctionHost host) =>
        await host.Services.GetRequiredService<IHostKeys>().GetOrCreateSystemKeyAsync("durabletask_extension");

    public static StringContent Json(object? value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    /// <summary>POSTs to an HTTP starter and returns the check-status payload (asserting the 202).</summary>
    public static async Task<JsonObject> StartAsync(this HttpClient client, string route, object? input)
    {
        using var response = await client.PostAsync(route, Json(input));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST {route}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Polls statusQueryGetUri until the runtime status is one of <paramref name="statuses"/>; returns the last body.</summary>
    public static async Task<JsonObject> PollStatusAsync(this HttpClient client, string statusUri, params string[] statuses)
    {
        JsonObject? last = null;
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await client.GetAsync(statusUri);
                last = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
                return statuses.Contains((string?)last["runtimeStatus"]);
            },
            $"{statusUri} to reach {string.Join("/", statuses)} (last: {last?.ToJsonString()})");
        return last!;
    }
}
