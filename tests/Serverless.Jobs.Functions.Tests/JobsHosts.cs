using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.Jobs.Functions.Tests;

/// <summary>Real function hosts with the durable and jobs extensions; jobs run as child processes of this test binary.</summary>
internal static class JobsHosts
{
    public static readonly Type[] Functions = [typeof(TestOrchestrations)];

    /// <summary>Settings of one test: its own jobs container; the durable backend in memory or on Azurite under its own hub.</summary>
    public static Dictionary<string, string?> Settings(bool inMemory = true) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureFunctionsWebHost:hostid"] = AzuriteFixture.UniqueName("h"),
        ["DurableTask:Backend"] = inMemory ? "InMemory" : "AzureStorage",
        ["Serverless:Jobs:ContainerName"] = AzuriteFixture.UniqueName("jobs"),
        ["Serverless:Jobs:PollInterval"] = "00:00:00.200",
    };

    public static string HubJson() =>
        $$"""{ "version": "2.0", "extensions": { "durableTask": { "hubName": "{{"t" + Guid.NewGuid().ToString("N")[..16]}}" } } }""";

    public static Task<TestFunctionHost> StartAsync(AzuriteFixture azurite, Dictionary<string, string?> settings, string? hostJson = null) =>
        TestFunctionHost.StartAsync(azurite.ConnectionString, Functions, settings, hostJson: hostJson ?? HubJson());
}
