using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>
/// Real function hosts with the tasks extension on the test's Azurite: each test gets its own storage prefix, durable
/// hub, jobs container and host id, and only the tasks of the registry it gives (the assembly scan is off).
/// </summary>
internal static class TaskHosts
{
    public static Dictionary<string, string?> Settings(bool azureStorageDurable = false) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureFunctionsWebHost:hostid"] = AzuriteFixture.UniqueName("h"),
        ["DurableTask:Backend"] = azureStorageDurable ? "AzureStorage" : "InMemory",
        ["Serverless:Jobs:ContainerName"] = AzuriteFixture.UniqueName("jobs"),
        ["Serverless:Jobs:PollInterval"] = "00:00:00.200",
        [TaskCatalogFactory.ScanSetting] = "false",
    };

    /// <summary>A unique task storage prefix (3-20 lowercase letters and digits).</summary>
    public static string Prefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static string HostJson(string prefix) => $$"""
        {
          "version": "2.0",
          "extensions": {
            "durableTask": { "hubName": "{{"h" + Guid.NewGuid().ToString("N")[..16]}}" },
            "tasks": {
              "storagePrefix": "{{prefix}}",
              "maxPollingInterval": "00:00:00.200",
              "scheduleRefreshInterval": "00:00:00.500",
              "abortCheckInterval": "00:00:00.200",
              "visibilityTimeout": "00:00:10"
            }
          }
        }
        """;

    public static Task<TestFunctionHost> StartAsync(
        AzuriteFixture azurite,
        TaskRegistry registry,
        TaskProbe probe,
        Dictionary<string, string?>? settings = null,
        string? hostJson = null,
        params Type[] functions) =>
        TestFunctionHost.StartAsync(
            azurite.ConnectionString,
            functions.Length > 0 ? functions : [typeof(NoFunctions)],
            settings ?? Settings(),
            services => services.AddSingleton(probe).AddTaskRegistry(registry),
            hostJson ?? HostJson(Prefix()));

    /// <summary>Waits for a run to reach one of the statuses and returns it.</summary>
    public static Task<TaskRun> WaitForRunAsync(TestFunctionHost host, string runId, params TaskRunStatus[] statuses) =>
        Poll.ForValueAsync(async () =>
        {
            var run = await host.Services.GetRequiredService<ITaskClient>().GetRunAsync(runId);
            return run is not null && statuses.Contains(run.Status) ? run : null;
        }, $"run '{runId}' to be {string.Join(" or ", statuses)}");
}

/// <summary>A function type for hosts whose tests need no functions (the host wants at least one type).</summary>
public static class NoFunctions
{
}
