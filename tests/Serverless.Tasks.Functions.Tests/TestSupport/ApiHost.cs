using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Tasks.Functions.Http;
using Serverless.Tasks.Runtime;
using Serverless.Tasks.Scheduling;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests.TestSupport;

/// <summary>
/// The services the tasks HTTP functions take, with the real runtime and scheduler on Azurite under a prefix of the
/// test's own. No hosted service starts (no worker, no scheduler loop), so no run ever executes: the tests see records.
/// The storage is created and the declared schedules written up front, as a host start does.
/// </summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ApiHost(ServiceProvider services, string prefix, LogCapture logs)
    {
        _services = services;
        Prefix = prefix;
        Logs = logs;
    }

    public string Prefix { get; }

    public LogCapture Logs { get; }

    public ITaskClient Tasks => _services.GetRequiredService<ITaskClient>();

    public ITaskScheduleClient Schedules => _services.GetRequiredService<ITaskScheduleClient>();

    /// <summary>The task routes, built from the services as the worker's function activator builds them.</summary>
    public TaskFunctions TaskFunctions => ActivatorUtilities.CreateInstance<TaskFunctions>(_services);

    public TaskRunFunctions RunFunctions => ActivatorUtilities.CreateInstance<TaskRunFunctions>(_services);

    public TaskScheduleFunctions ScheduleFunctions => ActivatorUtilities.CreateInstance<TaskScheduleFunctions>(_services);

    /// <summary>A host with <see cref="SampleTasks"/>, or the catalog given (an empty one: an app without tasks).</summary>
    public static async Task<ApiHost> StartAsync(AzuriteFixture azurite, TaskCatalog? catalog = null)
    {
        var prefix = AzuriteFixture.UniqueName("h");
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(catalog ?? SampleTasks.Catalog());
        services.AddSingleton(TaskStorage.FromConnectionString(azurite.ConnectionString, prefix));
        services.Configure<TasksOptions>(o =>
        {
            o.StoragePrefix = prefix;
        });
        services.AddServerlessTasksRuntime();
        services.AddServerlessTaskScheduler();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<TaskStorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        await provider.GetRequiredService<DeclaredSchedules>().EnsureUpsertedAsync(CancellationToken.None);
        return new ApiHost(provider, prefix, logs);
    }

    /// <summary>The runs stored, newest first (all statuses).</summary>
    public async Task<List<TaskRun>> RunsAsync()
    {
        var runs = new List<TaskRun>();
        await foreach (var run in Tasks.ListRunsAsync(new TaskRunQuery { Top = 1000 }))
        {
            runs.Add(run);
        }

        return runs;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
