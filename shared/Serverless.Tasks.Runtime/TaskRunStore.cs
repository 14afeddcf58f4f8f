using Azure;
using Azure.Data.Tables;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// The runs table <c>{Prefix}Runs</c>: PartitionKey = run id, RowKey = "". Columns: every <see cref="TaskRun"/> property,
/// the claiming queue message id (<c>MessageId</c>) and <c>Held</c>. Parameters and results over 30,000 characters go to
/// a blob of the container and the column holds "blob:{name}". Updates are ETag-checked.
/// </summary>
internal sealed partial class TaskRunStore(TaskStorage storage, TimeProvider time)
{
    private TableClient Table => storage.Tables.GetTableClient(storage.Names.RunsTable);

    /// <summary>Inserts the run when its id is new; null when a record with this id exists already.</summary>
    public async Task<StoredRun?> TryInsertAsync(TaskRun run, bool held, CancellationToken cancellationToken)
    {
        var entity = await ToEntityAsync(run, messageId: null, held, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await Table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return new StoredRun(run, null, held, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    public async Task<StoredRun?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(runId, "", cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? await FromEntityAsync(response.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Replaces the record if it is unchanged since <paramref name="current"/> was read (ETag); null on a conflict.
    /// UpdatedAt is set to now.
    /// </summary>
    public async Task<StoredRun?> TryUpdateAsync(StoredRun current, TaskRun run, string? messageId, bool held, CancellationToken cancellationToken)
    {
        run = run with { UpdatedAt = time.GetUtcNow() };
        var entity = await ToEntityAsync(run, messageId, held, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await Table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return new StoredRun(run, messageId, held, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads, changes and writes the record until the write wins against concurrent writers. <paramref name="change"/>
    /// returns null to leave the record as it is (that record is returned). Null when the record does not exist.
    /// </summary>
    public async Task<StoredRun?> UpdateAsync(string runId, Func<StoredRun, StoredRun?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await GetAsync(runId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            if (change(current) is not { } changed)
            {
                return current;
            }

            var updated = await TryUpdateAsync(current, changed.Run, changed.MessageId, changed.Held, cancellationToken).ConfigureAwait(false);
            if (updated is not null)
            {
                return updated;
            }
        }
    }
}
