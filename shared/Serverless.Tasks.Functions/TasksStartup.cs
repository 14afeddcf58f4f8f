using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Tasks.Runtime;

namespace Serverless.Tasks.Functions;

/// <summary>
/// At worker start: builds the catalog (a <see cref="TaskDeclarationException"/> naming each task, declaration and
/// option stops the start), checks the lane settings (stops the start naming the setting), creates the task storage,
/// logs each task with its trigger and next run time, then runs the lifecycle tasks' setup. At shutdown, after the
/// host's invocations drained, their cleanup.
/// </summary>
internal sealed class TasksStartup(IServiceProvider services, TimeProvider time, ILogger<TasksStartup> logger) : IHostedService
{
    private TaskCatalog? _catalog;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var catalog = services.GetRequiredService<TaskCatalog>();
        if (services.GetRequiredService<TaskLaneSettings>().Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("The task lanes' settings are wrong: " + string.Join("; ", problems) + ".");
        }

        await services.GetRequiredService<TaskStorageInitializer>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        ShowTasks(catalog);
        _catalog = catalog;
        await catalog.Lifecycles.StartAsync(services, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _catalog?.Lifecycles.StopAsync(cancellationToken) ?? Task.CompletedTask;

    private void ShowTasks(TaskCatalog catalog)
    {
        var now = time.GetUtcNow();
        Log.TasksStarting(logger, catalog.Tasks.Count, string.Join(", ", catalog.Namespaces));
        foreach (var task in catalog.Tasks)
        {
            var next = task.Trigger?.GetNextFireTime(now) is { } at ? at.ToString("O", CultureInfo.InvariantCulture) : "-";
            Log.TaskDeclared(logger, task.Name, task.Trigger?.ToString() ?? "none (enqueued)", next, task.Priority, task.Namespace, TaskFlags.Describe(task));
        }
    }
}
