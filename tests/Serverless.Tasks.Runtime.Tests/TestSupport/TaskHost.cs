using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests.TestSupport;

/// <summary>One "host" of the task runtime: its own services (client, worker) on a test's prefix. Several can share a prefix.</summary>
internal sealed class TaskHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private bool _started;

    private TaskHost(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Services => _provider;

    public TaskClient Client => _provider.GetRequiredService<TaskClient>();

    public TaskWorker Worker => _provider.GetRequiredService<TaskWorker>();

    public TaskStorage Storage => _provider.GetRequiredService<TaskStorage>();

    /// <summary>A prefix valid for the runtime's names, unique per test: "t" and 12 hex digits.</summary>
    public static string NewPrefix() => AzuriteFixture.UniqueName("t");

    public static TaskHost Create(AzuriteFixture azurite, string prefix, IEnumerable<TaskDefinition> tasks,
        Action<TasksOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton(new TaskCatalog(tasks));
        collection.AddSingleton(TaskStorage.FromConnectionString(azurite.ConnectionString, prefix));
        collection.Configure<TasksOptions>(o =>
        {
            o.StoragePrefix = prefix;
            o.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
            o.AbortCheckInterval = TimeSpan.FromMilliseconds(200);
            o.VisibilityTimeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        services?.Invoke(collection);
        collection.AddServerlessTasksRuntime();
        return new TaskHost(collection.BuildServiceProvider());
    }

    public async Task<TaskHost> StartAsync()
    {
        _started = true;
        // The queues exist before a test writes to them directly (the worker creates them too, asynchronously).
        await _provider.GetRequiredService<TaskStorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        await Worker.StartAsync(CancellationToken.None);
        return this;
    }

    /// <summary>Stops the worker, giving running runs <paramref name="grace"/> before their tokens fire.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (_started)
        {
            _started = false;
            using var timeout = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(1));
            await Worker.StopAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _provider.DisposeAsync();
    }
}
