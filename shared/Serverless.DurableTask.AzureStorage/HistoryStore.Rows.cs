using System.Globalization;
using Azure.Data.Tables;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

internal sealed partial class HistoryStore
{
    public static string RowKeyOf(string executionId, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{executionId}|{sequence:D8}");

    private async Task<TableEntity> ToRowAsync(string instanceId, string pk, string executionId, int sequence, HistoryEvent historyEvent, CancellationToken cancellationToken)
    {
        var row = await ToDataRowAsync(instanceId, pk, RowKeyOf(executionId, sequence), "history", StorageJson.Serialize(historyEvent), cancellationToken).ConfigureAwait(false);
        row["ExecutionId"] = executionId;
        row["EventType"] = historyEvent.GetType().Name;
        return row;
    }

    /// <summary>A row whose "Data" holds JSON, or whose "DataBlob" names the blob holding it when too big for a property.</summary>
    private async Task<TableEntity> ToDataRowAsync(string instanceId, string pk, string rowKey, string kind, string json, CancellationToken cancellationToken)
    {
        var row = new TableEntity(pk, rowKey);
        if (json.Length > LargePayloadStore.MaxInlineTableChars)
        {
            row["DataBlob"] = await payloads.UploadAsync(instanceId, kind, json, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            row["Data"] = json;
        }

        return row;
    }

    private async Task<string> ReadDataAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var json = row.GetString("Data");
        if (json is null)
        {
            var blob = row.GetString("DataBlob") ?? throw new InvalidDataException($"History row {row.PartitionKey}/{row.RowKey} has neither Data nor DataBlob.");
            json = await payloads.DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        return json;
    }

    private async Task<HistoryEvent> ReadEventAsync(TableEntity row, CancellationToken cancellationToken) =>
        StorageJson.Deserialize<HistoryEvent>(await ReadDataAsync(row, cancellationToken).ConfigureAwait(false));

    /// <summary>Deletes every row of the instance's partition (all executions); returns how many.</summary>
    public async Task<int> DeleteAllAsync(string instanceId, CancellationToken cancellationToken)
    {
        var pk = KeyEncoding.Encode(instanceId);
        var keys = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(row.RowKey);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            var actions = chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, k), Azure.ETag.All));
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }

        return keys.Count;
    }
}
