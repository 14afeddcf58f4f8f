using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests.TestSupport;

/// <summary>
/// One "host" of the task runtime: its own services (client, dispatcher) on a test's prefix, the dispatcher fed by a
/// <see cref="QueuePump"/> in place of the Functions queue trigger. Several can share a prefix.
/// </summary>
internal sealed class TaskHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly int _maxConcurrentRuns;
    private QueuePump? _pump;

    private TaskHost(ServiceProvider provider, int maxConcurrentRuns) => (_provider, _maxConcurrentRuns) = (provider, maxConcurrentRuns);

    public IServiceProvider Services => _provider;

    public TaskClient Client => _provider.GetRequiredService<TaskClient>();

    public TaskDispatcher Worker => _provider.GetRequiredService<TaskDispatcher>();

    public TaskStorage Storage => _provider.GetRequiredService<TaskStorage>();

    /// <summary>A prefix valid for the runtime's names, unique per test: "t" and 12 hex digits.</summary>
    public static string NewPrefix() => AzuriteFixture.UniqueName("t");

    public static TaskHost Create(AzuriteFixture azurite, string prefix, IEnumerable<TaskDefinition> tasks,
        Action<TasksOptions>? configure = null, Action<IServiceCollection>? services = null, int maxConcurrentRuns = 16)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton(new TaskCatalog(tasks));
        collection.AddSingleton(TaskStorage.FromConnectionString(azurite.ConnectionString, prefix));
        collection.Configure<TasksOptions>(o =>
        {
            o.StoragePrefix = prefix;
            o.AbortCheckInterval = TimeSpan.FromMilliseconds(200);
            o.HandlingFailureDelay = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        });
        services?.Invoke(collection);
        collection.AddServerlessTasksRuntime();
        return new TaskHost(collection.BuildServiceProvider(), maxConcurrentRuns);
    }

    public async Task<TaskHost> StartAsync()
    {
        // The queues exist before a test writes to them directly.
        var initializer = _provider.GetRequiredService<TaskStorageInitializer>();
        await initializer.EnsureCreatedAsync(CancellationToken.None);
        var names = Storage.Names;
        var lanes = Enumerable.Range(TaskPriority.Low, TaskPriority.Max - TaskPriority.Low + 1).Reverse()
            .SelectMany(p => initializer.AllNamespaces.Select(ns => names.Queue(ns, p)))
            .Concat(initializer.AllNamespaces.Select(names.IdleQueue))
            .Select(q => Storage.Queues.GetQueueClient(q)).ToList();
        _pump = new QueuePump(Worker, lanes, _maxConcurrentRuns);
        _pump.Start();
        return this;
    }

    /// <summary>Stops the pump, giving running runs <paramref name="grace"/> before their tokens fire.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (_pump is { } pump)
        {
            _pump = null;
            await pump.StopAsync(grace ?? TimeSpan.FromSeconds(1));
            await pump.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _provider.DisposeAsync();
    }
}
