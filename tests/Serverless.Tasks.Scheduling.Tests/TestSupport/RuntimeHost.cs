using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Runtime;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests.TestSupport;

/// <summary>
/// The real task client and the scheduler's services (AddServerlessTasksRuntime + AddServerlessTaskScheduler) on Azurite
/// under a prefix, on a fake clock. Nothing is started: runs are stored and queued, never executed in process.
/// </summary>
internal sealed class RuntimeHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private RuntimeHost(ServiceProvider services) => _services = services;

    public IServiceProvider Services => _services;

    public ITaskClient Tasks => _services.GetRequiredService<ITaskClient>();

    public ITaskScheduleClient Schedules => _services.GetRequiredService<ITaskScheduleClient>();

    public TaskScheduleTicker Ticker => _services.GetRequiredService<TaskScheduleTicker>();

    public static RuntimeHost Create(AzuriteFixture azurite, string prefix, TaskCatalog catalog, FakeTimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(catalog);
        services.AddSingleton(TaskStorage.FromConnectionString(azurite.ConnectionString, prefix));
        services.Configure<TasksOptions>(o => o.StoragePrefix = prefix);
        services.AddServerlessTasksRuntime();
        services.AddServerlessTaskScheduler();
        return new RuntimeHost(services.BuildServiceProvider());
    }

    public Task<ScheduleTick> TickAsync() => Ticker.FireDueAsync(CancellationToken.None);

    /// <summary>Every run record of the prefix, by run id.</summary>
    public async Task<IReadOnlyList<TaskRun>> RunsAsync()
    {
        var runs = new List<TaskRun>();
        await foreach (var run in Tasks.ListRunsAsync(new TaskRunQuery { Top = 1000 }))
        {
            runs.Add(run);
        }

        return [.. runs.OrderBy(r => r.RunId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Takes every visible message of every queue of the prefix (hidden for 5 minutes, so each is counted once) and
    /// returns their texts.
    /// </summary>
    public async Task<IReadOnlyList<string>> TakeMessagesAsync()
    {
        var storage = _services.GetRequiredService<TaskStorage>();
        var messages = new List<string>();
        await foreach (var queue in storage.Queues.GetQueuesAsync(prefix: storage.Names.Prefix + "-"))
        {
            var client = storage.Queues.GetQueueClient(queue.Name);
            QueueMessage[] received;
            do
            {
                received = await client.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(5));
                messages.AddRange(received.Select(m => m.Body.ToString()));
            }
            while (received.Length > 0);
        }

        return messages;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
