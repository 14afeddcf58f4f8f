using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Tasks.Lifecycle;
using Serverless.Tasks.Registry;

namespace Serverless.Tasks;

/// <summary>
/// The lifecycle tasks of a catalog on this host: <see cref="StartAsync"/> builds each task's class from the host's
/// services and runs its setup (all at once), keeping the state; a tick waits for its task's setup and gets the state;
/// a failed setup fails the ticks with an exception that carries the setup's error; <see cref="StopAsync"/> runs each
/// cleanup (errors logged, not thrown). The host calls Start and Stop (a hosted service).
/// </summary>
internal sealed class LifecycleTasks
{
    private readonly Dictionary<string, Entry> _entries;
    private ILogger _logger = NullLogger.Instance;
    private int _started;

    internal LifecycleTasks(IEnumerable<(string Name, LifecycleTaskInfo Info)> tasks) =>
        _entries = tasks.ToDictionary(t => t.Name, t => new Entry(t.Name, t.Info), StringComparer.OrdinalIgnoreCase);

    /// <summary>The lifecycle tasks' names.</summary>
    public IReadOnlyCollection<string> Names => _entries.Keys;

    public async Task StartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        _logger = services.GetService<ILoggerFactory>()?.CreateLogger("Serverless.Tasks.Lifecycle") ?? NullLogger.Instance;
        await Task.WhenAll(_entries.Values.Select(e => SetupAsync(e, services, cancellationToken))).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in _entries.Values)
        {
            if (entry.Instance is not { } instance)
            {
                continue;
            }

            try
            {
                // Only a task whose setup succeeded has a state to clean up; its class is disposed either way.
                if (entry.Setup.Task.IsCompletedSuccessfully)
                {
                    await entry.Adapter.CleanupAsync(instance, entry.Setup.Task.Result, cancellationToken).ConfigureAwait(false);
                    Log.LifecycleCleanedUp(_logger, entry.Name);
                }
            }
#pragma warning disable CA1031 // A cleanup's failure is logged: the host's shutdown and the other cleanups go on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.LifecycleCleanupFailed(_logger, entry.Name, e);
            }

            try
            {
                await MethodTasks.DisposeAsync(instance).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // As above: disposal errors are logged, not thrown.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.LifecycleCleanupFailed(_logger, entry.Name, e);
            }

            entry.Instance = null;
        }
    }

    /// <summary>Runs a tick of the named lifecycle task once its setup on this host has finished.</summary>
    internal async Task TickAsync(string name, TaskContext context)
    {
        if (!_entries.TryGetValue(name, out var entry))
        {
            throw new InvalidOperationException($"Task '{name}' is not a lifecycle task of this catalog.");
        }

        object? state;
        try
        {
            state = await entry.Setup.Task.WaitAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Lifecycle task '{name}' cannot tick: its setup failed on this host ({e.GetType().Name}: {e.Message}).", e);
        }

        var instance = entry.Instance ?? throw new InvalidOperationException(
            $"Lifecycle task '{name}' cannot tick: it was cleaned up (the host is stopping).");
        await entry.Adapter.TickAsync(instance, state, context).ConfigureAwait(false);
    }

    private async Task SetupAsync(Entry entry, IServiceProvider services, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            entry.Instance = ActivatorUtilities.CreateInstance(services, entry.Info.TaskType);
            var state = await entry.Adapter.SetupAsync(entry.Instance, cancellationToken).ConfigureAwait(false);
            entry.Setup.TrySetResult(state);
            Log.LifecycleSetUp(_logger, entry.Name, watch.ElapsedMilliseconds);
        }
#pragma warning disable CA1031 // A failed setup fails that task's ticks (with this error), not the host's start.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.LifecycleSetupFailed(_logger, entry.Name, e);
            entry.Setup.TrySetException(e);
            _ = entry.Setup.Task.Exception; // observed here (logged); ticks rethrow it wrapped

        }
    }

    private sealed class Entry(string name, LifecycleTaskInfo info)
    {
        public string Name { get; } = name;

        public LifecycleTaskInfo Info { get; } = info;

        public ILifecycleAdapter Adapter { get; } = LifecycleAdapter.Create(info.TaskType, info.StateType);

        public TaskCompletionSource<object?> Setup { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public object? Instance { get; set; }
    }
}
