using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.Tasks.Http.Tests;

/// <summary>
/// Starts a test host with the tasks runtime registered the way the tasks host extension will register it: the catalog,
/// the storage under a prefix of the test's own, the runtime (worker and client) and the scheduler. The master key is set
/// in configuration.
/// </summary>
internal sealed class TaskHost(TestFunctionHost host, string prefix, TaskProbe probe) : IAsyncDisposable
{
    public const string MasterKey = "tasks-test-master-key";

    public TestFunctionHost Host { get; } = host;

    public string Prefix { get; } = prefix;

    public TaskProbe Probe { get; } = probe;

    public IServiceProvider Services => Host.Services;

    /// <summary>A client that sends the master key.</summary>
    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        return client;
    }

    /// <summary>A client without a key.</summary>
    public HttpClient AnonymousClient() => new() { BaseAddress = Host.BaseAddress };

    /// <summary>Starts a host with the sample tasks (<see cref="TaskSetup.Sample"/>), an empty catalog, or no task services.</summary>
    public static async Task<TaskHost> StartAsync(AzuriteFixture azurite, TaskSetup setup = TaskSetup.Sample)
    {
        var prefix = AzuriteFixture.UniqueName("t");
        var probe = new TaskProbe();
        var settings = new Dictionary<string, string?>
        {
            ["host:master"] = MasterKey,
            ["AzureFunctionsWebHost:hostid"] = AzuriteFixture.UniqueName("h"),
        };
        var host = await TestFunctionHost.StartAsync(azurite.ConnectionString, [typeof(NoFunctions)], settings, services =>
        {
            services.AddSingleton(probe);
            if (setup != TaskSetup.None)
            {
                Register(services, azurite.ConnectionString, prefix, setup == TaskSetup.Empty ? new TaskRegistry().Build() : SampleTasks.Catalog(probe));
            }
        });
        return new TaskHost(host, prefix, probe);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private static void Register(IServiceCollection services, string connectionString, string prefix, TaskCatalog catalog)
    {
        services.AddSingleton(catalog);
        services.AddSingleton(TaskStorageFactory.Type, TaskStorageFactory.Create(connectionString, prefix));
        services.Configure<TasksOptions>(o =>
        {
            o.StoragePrefix = prefix;
            o.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
            o.AbortCheckInterval = TimeSpan.FromMilliseconds(200);
            o.ScheduleRefreshInterval = TimeSpan.FromMilliseconds(500);
        });
        services.AddServerlessTasksRuntime();
        services.AddServerlessTaskScheduler();
    }
}

/// <summary>What a test host has: the sample tasks, an empty catalog with the runtime (an app without tasks under the tasks extension), or nothing.</summary>
public enum TaskSetup
{
    Sample,
    Empty,
    None,
}

/// <summary>The function types of the test host: none (the tasks admin API needs no function).</summary>
internal sealed class NoFunctions
{
}

/// <summary>JSON helpers for the tests.</summary>
internal static class HttpJson
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string uri, object body) =>
        client.PostAsJsonAsync(uri, body, TaskJson.Options);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string uri, string body) =>
        client.PostAsync(uri, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
}
