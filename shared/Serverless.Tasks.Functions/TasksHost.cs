using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Functions;

/// <summary>
/// Starts the task runtime in order: builds the catalog (a <see cref="TaskDeclarationException"/> stops the host's
/// start), shows each task, runs the lifecycle tasks' setup, then starts the worker and scheduler; stops them in reverse
/// and runs the cleanups last. With no tasks it starts nothing.
/// </summary>
internal sealed partial class TasksHost(IServiceProvider services, TasksHost.Gated gated, TimeProvider time, ILogger<TasksHost> logger) : IHostedService
{
    private readonly List<IHostedService> _started = [];
    private TaskCatalog? _catalog;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var catalog = services.GetRequiredService<TaskCatalog>();
        if (catalog.Tasks.Count == 0)
        {
            Log.NoTasks(logger);
            return;
        }

        ShowTasks(catalog);
        _catalog = catalog;
        await StartLifecyclesAsync(catalog, cancellationToken).ConfigureAwait(false);
        foreach (var service in gated.Create(services))
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
            _started.Add(service);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<Exception> errors = [];
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            try
            {
                await _started[i].StopAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                errors.Add(e);
            }
        }

        _started.Clear();
        if (_catalog is { } catalog)
        {
            await StopLifecyclesAsync(catalog, cancellationToken).ConfigureAwait(false);
        }

        if (errors.Count > 0)
        {
            throw new AggregateException("Stopping the task runtime failed.", errors);
        }
    }

    private void ShowTasks(TaskCatalog catalog)
    {
        var now = time.GetUtcNow();
        Log.TasksStarting(logger, catalog.Tasks.Count, string.Join(", ", catalog.Namespaces));
        foreach (var task in catalog.Tasks)
        {
            var next = task.Trigger?.GetNextFireTime(now) is { } at ? at.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "-";
            Log.TaskDeclared(logger, task.Name, task.Trigger?.ToString() ?? "none (enqueued)", next, task.Priority, task.Namespace, Flags(task));
        }
    }

    private static string Flags(TaskDefinition task)
    {
        List<string> flags = [];
        if (task.CpuBound is { } cpu)
        {
            flags.Add($"CPU-bound (cpus {cpu.Cpus}, memory {cpu.MemoryGiB} GiB, ranks {cpu.Ranks}, nodes {cpu.Nodes})");
        }

        if (task.Opportunistic)
        {
            flags.Add("opportunistic");
        }

        if (task.IsLifecycle)
        {
            flags.Add("lifecycle");
        }

        if (task.RunBefore.Count > 0)
        {
            flags.Add($"runs after {string.Join(", ", task.RunBefore)}");
        }

        if (task.RunAfter is { } next)
        {
            flags.Add($"then {next}");
        }

        flags.Add(task.AtMostOnce ? "at-most-once" : $"retries {(task.MaxRetries == int.MaxValue ? "always" : task.MaxRetries)}");
        return ", " + string.Join(", ", flags);
    }

    /// <summary>The hosted services of the worker and scheduler, started only behind a catalog with tasks.</summary>
    internal sealed class Gated(IReadOnlyList<ServiceDescriptor> descriptors)
    {
        public IReadOnlyList<ServiceDescriptor> Descriptors { get; } = descriptors;

        public IEnumerable<IHostedService> Create(IServiceProvider services) => Descriptors.Select(d => (IHostedService)(
            d.ImplementationInstance
            ?? d.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, d.ImplementationType!)));
    }
}
