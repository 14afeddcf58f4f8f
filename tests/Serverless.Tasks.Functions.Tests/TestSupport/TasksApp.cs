using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.FunctionsHost;
using Serverless.Tasks.Runtime;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests.TestSupport;

/// <summary>
/// The tasks' test app (tests/Serverless.Tasks.Functions.TestApp, a real worker process) on the local host, on the
/// assembly's Azurite under a storage prefix of its own, keys checked as in Azure (the tasks API needs the master key),
/// lanes polled every second at most and the scheduler timer ticking every second.
/// </summary>
public sealed class TasksApp : IAsyncLifetime
{
    public const string MasterKey = "tasks-app-master-key";

    private readonly AzuriteFixture _azurite;
    private LocalFunctionsHost? _host;

    public TasksApp(AzuriteFixture azurite) => _azurite = azurite;

    public static string AppDirectory { get; } = typeof(TasksApp).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AppDirectory").Value!;

    public LocalFunctionsHost Host => _host ?? throw new InvalidOperationException("The tasks app has not started.");

    public string Prefix { get; } = AzuriteFixture.UniqueName("e");

    public DirectoryInfo Markers { get; } = Directory.CreateTempSubdirectory("task-markers-");

    internal TaskStorageNames Names => new(Prefix);

    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>An HTTP client of the host with the master key.</summary>
    public HttpClient Admin()
    {
        var client = Host.CreateHttpClient();
        client.DefaultRequestHeaders.Add("x-functions-key", MasterKey);
        return client;
    }

    public async ValueTask InitializeAsync() => _host = await LocalFunctionsHost.StartAsync(Options(ConnectionString, Prefix, Markers.FullName));

    /// <summary>The host options of the test app on <paramref name="storage"/> with the task storage prefix <paramref name="prefix"/>.</summary>
    public static FunctionsHostOptions Options(string storage, string prefix, string markers)
    {
        var options = new FunctionsHostOptions { AppDirectory = AppDirectory, HttpPort = 0, UseEnvironment = false, EnableAuth = true };
        options.Settings["AzureWebJobsStorage"] = storage;
        options.Settings["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        options.Settings["AzureFunctionsWebHost__hostid"] = prefix;
        options.Settings["host.master"] = MasterKey;
        options.Settings["TESTAPP_MARKERS"] = markers;
        options.Settings["Serverless__Tasks__StoragePrefix"] = prefix;
        options.Settings["Serverless__Tasks__AbortCheckInterval"] = "00:00:00.500";
        // Opportunistic runs start whatever the CPU (the tests run beside others): the idle lane's path, not the measure.
        options.Settings["Serverless__Tasks__OpportunisticCpuThreshold"] = "1.0";
        options.Settings["Serverless__Tasks__SchedulerSchedule"] = "* * * * * *";
        foreach (var (name, queue) in TaskLaneSettings.AppSettings(prefix))
        {
            options.Settings[name] = queue;
        }

        options.Settings["AzureFunctionsJobHost__extensions__durableTask__hubName"] = prefix;
        return options;
    }

    /// <summary>
    /// Enqueues through the tasks API with an explicit run id (idempotent) and returns it. A 5xx is tried again: an
    /// HTTP request that reaches the host while a test's killed worker restarts fails (a known limit of the local host).
    /// </summary>
    public async Task<string> EnqueueAsync(string task, object? parameters = null)
    {
        using var http = Admin();
        var runId = $"{task}-{Guid.NewGuid():N}";
        string? last = null;
        await Poll.UntilAsync(async () =>
        {
            using var response = await http.PostAsJsonAsync($"api/tasks/{task}/runs", new { parameters = parameters ?? new { }, runId });
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            Assert.True(response.IsSuccessStatusCode || (int)response.StatusCode >= 500, $"enqueue {task}: {last}");
            return response.IsSuccessStatusCode;
        }, $"the enqueue of {task} answered 202 (last: {last})", TimeSpan.FromSeconds(60));
        return runId;
    }

    /// <summary>The run as the tasks API shows it; default while the API answers 5xx (a worker restarting).</summary>
    public async Task<JsonElement> GetRunAsync(string runId)
    {
        using var http = Admin();
        using var response = await http.GetAsync($"api/runs/{runId}");
        return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : default;
    }

    /// <summary>Polls the run until <paramref name="condition"/> holds (60 s at most).</summary>
    public async Task<JsonElement> WaitForRunAsync(string runId, Func<JsonElement, bool> condition, string what)
    {
        JsonElement run = default;
        await Poll.UntilAsync(async () => condition(run = await GetRunAsync(runId)), what, TimeSpan.FromSeconds(60));
        return run;
    }

    public static string? Status(JsonElement run) => run.ValueKind == JsonValueKind.Object ? run.GetProperty("status").GetString() : null;

    /// <summary>A task client on the app's task storage, outside the app (to fill a queue fast), knowing <paramref name="registry"/>'s tasks.</summary>
    public ServiceProvider ClientServices(TaskRegistry registry) => ClientServices(ConnectionString, Prefix, registry);

    /// <summary>The task and schedule clients on <paramref name="storage"/> under <paramref name="prefix"/>, knowing <paramref name="registry"/>'s tasks.</summary>
    public static ServiceProvider ClientServices(string storage, string prefix, TaskRegistry registry)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(registry.Build());
        services.AddSingleton(TaskStorage.FromConnectionString(storage, prefix));
        services.Configure<TasksOptions>(o => o.StoragePrefix = prefix);
        services.AddServerlessTasksRuntime();
        services.AddServerlessTaskScheduler();
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Markers.Delete(recursive: true);
    }
}
