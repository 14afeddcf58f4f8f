namespace Serverless.Tasks.Scheduling;

internal sealed partial class TaskScheduleClient
{
    private const int MaxAttempts = 10;

    /// <summary>Reads the row, applies <paramref name="change"/> and writes it back ETag-checked, reading again on a conflict.</summary>
    private async Task<ScheduleRow> ChangeAsync(string scheduleId, Func<ScheduleRow, ScheduleRow> change, bool includeRemoved,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduleId);
        await EnsureDeclaredAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var row = await store.GetAsync(scheduleId, cancellationToken).ConfigureAwait(false);
            if (row is null || (row.Removed && !includeRemoved))
            {
                throw new TaskScheduleNotFoundException(scheduleId);
            }

            var updated = await store.UpdateAsync(change(row), cancellationToken).ConfigureAwait(false);
            if (updated is not null)
            {
                return updated;
            }
        }

        throw Contended(scheduleId);
    }

    private static InvalidOperationException Contended(string scheduleId) =>
        new($"Schedule '{scheduleId}' changed {MaxAttempts} times while this change was written; try again.");
}
