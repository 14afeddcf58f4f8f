using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// The history table: one partition per instance (PartitionKey = encoded instance id), rows
/// "{executionId}|{sequence:D8}" holding one event each, and a "sentinel" row naming the current execution and how many of
/// its rows are committed. Every commit batch updates the sentinel with an ETag check, so a stale writer writes nothing;
/// rows beyond the committed count (a commit that died between batches) are ignored and later overwritten.
/// </summary>
internal sealed partial class HistoryStore(TableClient table, LargePayloadStore payloads)
{
    public const string SentinelRowKey = "sentinel";
    public const string OutboxPrefix = "outbox|";
    private const int MaxRowsPerBatch = 99;
    private const int MaxBatchChars = 1_500_000;

    public TableClient Table => table;

    /// <summary>
    /// A committed history: its events, execution, row count and ETag, and the outbox of its last episode (the messages that
    /// episode sent after its commit, re-sent by a new owner in case the sender died before sending them all).
    /// </summary>
    internal sealed record Loaded(IReadOnlyList<HistoryEvent> Events, string? ExecutionId, int Count, string? ETag, string? OutboxId = null, int OutboxCount = 0, IReadOnlyList<OutboxEntry>? Outbox = null, string? OutboxSlot = null);

    /// <summary>The outbound messages of one episode, committed with its history.</summary>
    internal sealed record EpisodeOutbox(string Id, IReadOnlyList<OutboxEntry> Entries);

    public static Loaded FromSentinel(TableEntity sentinel) => new([], sentinel.GetString("ExecutionId"), sentinel.GetInt32("Count") ?? 0, sentinel.ETag.ToString(), sentinel.GetString("OutboxId"), sentinel.GetInt32("OutboxCount") ?? 0, null, sentinel.GetString("OutboxSlot"));

    public async Task<Loaded> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var pk = KeyEncoding.Encode(instanceId);
        TableEntity? sentinel = null;
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == SentinelRowKey)
            {
                sentinel = row;
            }
            else
            {
                rows.Add(row);
            }
        }

        if (sentinel is null)
        {
            return new Loaded([], null, 0, null);
        }

        var header = FromSentinel(sentinel);
        var executionId = header.ExecutionId;
        var count = header.Count;
        var outbox = new List<OutboxEntry>();
        if (header.OutboxId is { } outboxId)
        {
            // Outbox rows alternate between two slots ("outbox|a|NNNNNN", "outbox|b|..."), so a commit never overwrites the
            // committed outbox before its sentinel update lands; only rows tagged with the committed outbox id count.
            var slotPrefix = $"{OutboxPrefix}{header.OutboxSlot}|";
            foreach (var row in rows.Where(r => r.RowKey.StartsWith(slotPrefix, StringComparison.Ordinal) && r.GetString("OutboxId") == outboxId)
                .OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(header.OutboxCount))
            {
                outbox.Add(StorageJson.Deserialize<OutboxEntry>(await ReadDataAsync(row, cancellationToken).ConfigureAwait(false)));
            }
        }

        var prefix = executionId + "|";
        var current = rows.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => (Seq: int.Parse(r.RowKey.AsSpan(prefix.Length), CultureInfo.InvariantCulture), Row: r))
            .Where(r => r.Seq < count)
            .OrderBy(r => r.Seq)
            .ToList();
        if (current.Count != count)
        {
            throw new InvalidDataException($"History of instance '{instanceId}' execution '{executionId}' has {current.Count} rows but its sentinel says {count}.");
        }

        var events = new List<HistoryEvent>(count);
        foreach (var (_, row) in current)
        {
            events.Add(await ReadEventAsync(row, cancellationToken).ConfigureAwait(false));
        }

        return header with { Events = events, Outbox = outbox };
    }

    /// <summary>
    /// Appends <paramref name="newEvents"/> to <paramref name="previous"/> (or, when <paramref name="executionId"/> differs from
    /// its execution, starts that new execution with them), guarded by the previous ETag. Intermediate batches (more than 99
    /// rows) keep the sentinel pointing at the previous state; only the last batch makes the new rows visible. Returns the
    /// sentinel's new ETag. Throws <see cref="OrchestrationConflictException"/> when the ETag is stale.
    /// </summary>
    public async Task<string?> CommitAsync(string instanceId, Loaded previous, string executionId, bool startsNewExecution, IReadOnlyList<HistoryEvent> newEvents, CancellationToken cancellationToken, EpisodeOutbox? outbox = null)
    {
        if (newEvents.Count == 0 && (outbox is null || outbox.Entries.Count == 0))
        {
            return previous.ETag;
        }

        var pk = KeyEncoding.Encode(instanceId);
        var baseCount = BaseCount(previous, executionId, startsNewExecution);
        var rows = new List<TableEntity>(newEvents.Count);
        for (var i = 0; i < newEvents.Count; i++)
        {
            rows.Add(await ToRowAsync(instanceId, pk, executionId, baseCount + i, newEvents[i], cancellationToken).ConfigureAwait(false));
        }

        var outboxRows = 0;
        var slot = previous.OutboxSlot == "a" ? "b" : "a";
        if (outbox is { Entries.Count: > 0 })
        {
            for (var i = 0; i < outbox.Entries.Count; i++)
            {
                var row = await ToDataRowAsync(instanceId, pk, string.Create(CultureInfo.InvariantCulture, $"{OutboxPrefix}{slot}|{i:D6}"), "outbox", StorageJson.Serialize(outbox.Entries[i]), cancellationToken).ConfigureAwait(false);
                row["OutboxId"] = outbox.Id;
                rows.Add(row);
            }

            outboxRows = outbox.Entries.Count;
        }

        var etag = previous.ETag;
        var written = 0;
        foreach (var chunk in Chunk(rows))
        {
            written += chunk.Count;
            var last = written == rows.Count;
            var sentinel = new TableEntity(pk, SentinelRowKey)
            {
                ["ExecutionId"] = last ? executionId : previous.ExecutionId ?? executionId,
                ["Count"] = last ? baseCount + newEvents.Count : previous.Count,
                ["OutboxId"] = last ? (outboxRows > 0 ? outbox!.Id : null) : previous.OutboxId,
                ["OutboxCount"] = last ? outboxRows : previous.OutboxCount,
                ["OutboxSlot"] = last ? (outboxRows > 0 ? slot : null) : previous.OutboxSlot,
            };
            var actions = new List<TableTransactionAction>(chunk.Count + 1)
            {
                etag is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, sentinel)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, sentinel, new ETag(etag)),
            };
            actions.AddRange(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
            etag = await SubmitAsync(instanceId, actions, cancellationToken).ConfigureAwait(false);
        }

        return etag;
    }

    /// <summary>Where new rows start: after the committed ones, or at 0 for a new execution.</summary>
    public static int BaseCount(Loaded previous, string executionId, bool startsNewExecution) =>
        !startsNewExecution && previous.ExecutionId == executionId ? previous.Count : 0;

    private async Task<string> SubmitAsync(string instanceId, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return response.Value[0].Headers.ETag?.ToString()
                ?? throw new InvalidOperationException($"The history commit of instance '{instanceId}' returned no ETag for the sentinel row.");
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            throw new OrchestrationConflictException($"The history of instance '{instanceId}' was changed by another writer (HTTP {e.Status}, {e.ErrorCode}); the episode was not committed.", e);
        }
    }

    private static IEnumerable<List<TableEntity>> Chunk(List<TableEntity> rows)
    {
        var chunk = new List<TableEntity>();
        var chars = 0;
        foreach (var row in rows)
        {
            var size = (row.GetString("Data")?.Length ?? 0) + 200;
            if (chunk.Count > 0 && (chunk.Count == MaxRowsPerBatch || chars + size > MaxBatchChars))
            {
                yield return chunk;
                chunk = [];
                chars = 0;
            }

            chunk.Add(row);
            chars += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
