using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Tasks.Runtime;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests.TestSupport;

/// <summary>The real task runtime (client and worker, system clock) on Azurite under a prefix, started as hosted services.</summary>
internal sealed class RuntimeHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];

    private RuntimeHost(ServiceProvider services) => _services = services;

    public IServiceProvider Services => _services;

    public ITaskClient Tasks => _services.GetRequiredService<ITaskClient>();

    public static async Task<RuntimeHost> StartAsync(AzuriteFixture azurite, string prefix, TaskCatalog catalog,
        Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(catalog);
        services.AddSingleton(TaskStorage.FromConnectionString(azurite.ConnectionString, prefix));
        services.Configure<TasksOptions>(o =>
        {
            o.StoragePrefix = prefix;
            o.MaxPollingInterval = TimeSpan.FromMilliseconds(100);
        });
        services.AddServerlessTasksRuntime();
        configure?.Invoke(services);
        var host = new RuntimeHost(services.BuildServiceProvider());
        foreach (var hosted in host._services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
            host._started.Add(hosted);
        }

        return host;
    }

    public async Task<TaskRun> WaitForRunAsync(string runId, Func<TaskRun, bool> condition, string what) =>
        await Poll.ForValueAsync(async () => await Tasks.GetRunAsync(runId) is { } run && condition(run) ? run : null, what);

    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
