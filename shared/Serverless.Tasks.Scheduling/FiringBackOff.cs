using System.Collections.Concurrent;
using Azure;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// Rows whose firing failed, held back until a retry time: the row's ETag is kept with it, so a row changed meanwhile
/// (rescheduled, paused, re-added ...) is no longer held back and fires by its new state at once.
/// </summary>
internal sealed class FiringBackOff
{
    private readonly ConcurrentDictionary<string, (ETag ETag, DateTimeOffset RetryAt)> _rows = new(StringComparer.Ordinal);

    public void Add(ScheduleRow row, DateTimeOffset retryAt) => _rows[row.Id] = (row.ETag, retryAt);

    /// <summary>When the row is due: its next run time, or its retry time when it is held back and that is later.</summary>
    public DateTimeOffset? DueAt(ScheduleRow row) =>
        _rows.TryGetValue(row.Id, out var held) && held.ETag == row.ETag && held.RetryAt > row.NextRunTime ? held.RetryAt : row.NextRunTime;

    /// <summary>Drops the rows whose retry time passed, that changed or that are gone.</summary>
    public void Forget(IReadOnlyList<ScheduleRow> rows, DateTimeOffset now)
    {
        if (_rows.IsEmpty)
        {
            return;
        }

        var current = rows.ToDictionary(r => r.Id, r => r.ETag, StringComparer.Ordinal);
        foreach (var (id, held) in _rows)
        {
            if (held.RetryAt <= now || !current.TryGetValue(id, out var etag) || etag != held.ETag)
            {
                _rows.TryRemove(id, out _);
            }
        }
    }
}
