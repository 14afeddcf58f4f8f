using Azure;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// Brings the schedules table in line with the tasks declared with a trigger (schedule id = task name): at every tick of
/// the firing host (<see cref="TaskScheduleTicker.FireDueAsync"/>, before it fires) and once per process before the
/// first call of its <see cref="ITaskScheduleClient"/>, writing only rows that differ:
/// <list type="bullet">
/// <item>a missing row is added with the declared trigger;</item>
/// <item>a row whose DeclaredTrigger differs from the code's trigger takes the code's trigger (a deploy changes the
/// schedule) and is no longer removed; any other runtime change (pause, reschedule, remove) survives restarts;</item>
/// <item>a declared row whose task is registered here without a trigger is deleted. A row of a task this host does not
/// know is left alone: during a rolling deploy it may belong to the newer version.</item>
/// </list>
/// While two versions run side by side, a host of the old version may write its own declarations (its client's first
/// call); the firing host's next tick puts its version's back, so once the new version fires, its declarations hold.
/// </summary>
internal sealed class DeclaredSchedules(ScheduleStore store, TaskCatalog catalog, TimeProvider time, ILogger<DeclaredSchedules> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <summary>
    /// Upserts the declared schedules unless this already succeeded (concurrent callers wait for one upsert). A storage
    /// error throws <see cref="InvalidOperationException"/> naming the table.
    /// </summary>
    public async Task EnsureUpsertedAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_done)
            {
                await UpsertAsync(cancellationToken).ConfigureAwait(false);
                _done = true;
            }
        }
        catch (RequestFailedException ex)
        {
            throw new InvalidOperationException(
                $"The declared task schedules could not be written to table '{store.TableName}' ({ex.Status} {ex.ErrorCode}): {ex.Message}", ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies the upsert rule to every declared schedule (retried on ETag conflicts with another host).</summary>
    public async Task UpsertAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await TryUpsertAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (attempt == 10)
            {
                throw new InvalidOperationException(
                    $"The declared schedules could not be written to table '{store.TableName}': other hosts changed the rows 10 times in a row.");
            }
        }
    }

    /// <summary>
    /// Applies the upsert rule to <paramref name="rows"/> (just read by the caller). True when it wrote a row or lost a
    /// race to another writer: the caller's rows are out of date then.
    /// </summary>
    public async Task<bool> ReapplyAsync(IReadOnlyList<ScheduleRow> rows, CancellationToken cancellationToken)
    {
        var (clean, wrote) = await ApplyAsync(rows, cancellationToken).ConfigureAwait(false);
        return wrote || !clean;
    }

    private async Task<bool> TryUpsertAsync(CancellationToken cancellationToken)
    {
        var rows = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return (await ApplyAsync(rows, cancellationToken).ConfigureAwait(false)).Clean;
    }

    /// <summary>Clean: no write lost a race (ETag or insert conflict). Wrote: at least one row was written.</summary>
    private async Task<(bool Clean, bool Wrote)> ApplyAsync(IReadOnlyList<ScheduleRow> list, CancellationToken cancellationToken)
    {
        var rows = list.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var clean = true;
        var wrote = false;
        foreach (var task in catalog.Tasks)
        {
            if (task.Trigger is not { } trigger)
            {
                continue;
            }

            var expression = trigger.ToString();
            if (!rows.TryGetValue(task.Name, out var row))
            {
                var added = await store.AddAsync(NewRow(task.Name, expression, trigger, now), cancellationToken).ConfigureAwait(false);
                if (added is null)
                {
                    clean = false;
                    continue;
                }

                wrote = true;
                Log.DeclaredAdded(logger, task.Name, expression);
            }
            else if (!row.Declared || row.DeclaredTrigger != expression)
            {
                var changed = row with
                {
                    Task = task.Name,
                    Trigger = expression,
                    DeclaredTrigger = expression,
                    Declared = true,
                    Removed = false,
                    NextRunTime = row.Paused ? null : trigger.GetNextFireTime(now),
                };
                if (await store.UpdateAsync(changed, cancellationToken).ConfigureAwait(false) is null)
                {
                    clean = false;
                    continue;
                }

                wrote = true;
                Log.DeclaredChanged(logger, task.Name, expression, row.DeclaredTrigger);
            }
        }

        // Only rows of tasks registered here without a trigger: a task this host does not know may be a newer version's.
        foreach (var row in rows.Values.Where(r => r.Declared && catalog.TryGet(r.Id, out var task) && task.Trigger is null))
        {
            if (!await store.DeleteAsync(row, cancellationToken).ConfigureAwait(false))
            {
                clean = false;
                continue;
            }

            wrote = true;
            Log.DeclaredDropped(logger, row.Id);
        }

        return (clean, wrote);
    }

    private static ScheduleRow NewRow(string name, string expression, TaskTrigger trigger, DateTimeOffset now) => new()
    {
        Id = name,
        Task = name,
        Trigger = expression,
        DeclaredTrigger = expression,
        Declared = true,
        NextRunTime = trigger.GetNextFireTime(now),
    };
}
