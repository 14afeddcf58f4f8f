using Azure;
using Azure.Data.Tables;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// The instances table: one row per instance (PartitionKey = encoded instance id, RowKey = ""), holding what
/// GetInstance and queries return. Input, output, custom status and failure details over the table property limit go to
/// blobs and the row keeps the blob name ("{Name}Blob").
/// </summary>
internal sealed partial class InstanceStore(TableClient table, LargePayloadStore payloads)
{
    private static readonly string[] PayloadProperties = ["Input", "Output", "CustomStatus", "FailureDetails"];

    public TableClient Table => table;

    /// <summary>A stored row: the state, its ETag, and which committed history (execution, row count) it was written for.</summary>
    internal sealed record InstanceRow(OrchestrationState State, ETag ETag, string? HistoryExecutionId, int? HistoryCount);

    public async Task<InstanceRow?> GetAsync(string instanceId, bool includePayloads, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(KeyEncoding.Encode(instanceId), string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue || response.Value is null)
        {
            return null;
        }

        var row = response.Value;
        return new InstanceRow(await ToStateAsync(row, includePayloads, cancellationToken).ConfigureAwait(false), row.ETag, row.GetString("HistoryExecutionId"), row.GetInt32("HistoryCount"));
    }

    /// <summary>
    /// Writes the row unconditionally (the history ETag already serialized the writers), noting the committed history it
    /// reflects so a row left stale by a crash after the history commit is recognised and repaired.
    /// </summary>
    public async Task UpsertAsync(OrchestrationState state, string historyExecutionId, int historyCount, CancellationToken cancellationToken)
    {
        var row = await ToRowAsync(state, cancellationToken).ConfigureAwait(false);
        row["HistoryExecutionId"] = historyExecutionId;
        row["HistoryCount"] = historyCount;
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the row (when <paramref name="replacing"/> is null) or replaces the row seen with that ETag; false on a race.</summary>
    public async Task<bool> TryWriteAsync(OrchestrationState state, ETag? replacing, CancellationToken cancellationToken)
    {
        var row = await ToRowAsync(state, cancellationToken).ConfigureAwait(false);
        try
        {
            if (replacing is null)
            {
                await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(row, replacing.Value, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task DeleteAsync(string instanceId, ETag etag, CancellationToken cancellationToken)
    {
        await table.DeleteEntityAsync(KeyEncoding.Encode(instanceId), string.Empty, etag, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TableEntity> ToRowAsync(OrchestrationState state, CancellationToken cancellationToken)
    {
        var row = new TableEntity(KeyEncoding.Encode(state.InstanceId), string.Empty)
        {
            ["InstanceId"] = state.InstanceId,
            ["ExecutionId"] = state.ExecutionId,
            ["Name"] = state.Name,
            ["Version"] = state.Version,
            ["RuntimeStatus"] = state.Status.ToString(),
            ["CreatedTime"] = state.CreatedAt,
            ["LastUpdatedTime"] = state.LastUpdatedAt,
            ["CompletedTime"] = state.CompletedAt,
            ["ScheduledStartTime"] = state.ScheduledStartAt,
            ["ParentInstance"] = state.ParentInstance is null ? null : StorageJson.Serialize(state.ParentInstance),
            ["Tags"] = state.Tags is null ? null : StorageJson.Serialize(state.Tags),
        };
        var payloadValues = new[] { state.Input, state.Output, state.CustomStatus, state.FailureDetails is null ? null : StorageJson.Serialize(state.FailureDetails) };
        for (var i = 0; i < PayloadProperties.Length; i++)
        {
            var value = payloadValues[i];
            if (value is not null && value.Length > LargePayloadStore.MaxInlineTableChars)
            {
                row[PayloadProperties[i] + "Blob"] = await payloads.UploadAsync(state.InstanceId, PayloadProperties[i].ToLowerInvariant(), value, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                row[PayloadProperties[i]] = value;
            }
        }

        return row;
    }

    internal async Task<OrchestrationState> ToStateAsync(TableEntity row, bool includePayloads, CancellationToken cancellationToken)
    {
        async Task<string?> PayloadAsync(string property)
        {
            var inline = row.GetString(property);
            if (inline is not null || !includePayloads)
            {
                return includePayloads || property == "FailureDetails" ? inline : null;
            }

            var blob = row.GetString(property + "Blob");
            return blob is null ? null : await payloads.DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        var failure = row.GetString("FailureDetails") ?? (row.GetString("FailureDetailsBlob") is { } fb ? await payloads.DownloadAsync(fb, cancellationToken).ConfigureAwait(false) : null);
        var parent = row.GetString("ParentInstance");
        var tags = row.GetString("Tags");
        return new OrchestrationState
        {
            InstanceId = row.GetString("InstanceId") ?? KeyEncoding.Decode(row.PartitionKey),
            ExecutionId = row.GetString("ExecutionId") ?? string.Empty,
            Name = row.GetString("Name") ?? string.Empty,
            Version = row.GetString("Version"),
            Status = Enum.Parse<OrchestrationRuntimeStatus>(row.GetString("RuntimeStatus") ?? nameof(OrchestrationRuntimeStatus.Pending)),
            Input = await PayloadAsync("Input").ConfigureAwait(false),
            Output = await PayloadAsync("Output").ConfigureAwait(false),
            CustomStatus = await PayloadAsync("CustomStatus").ConfigureAwait(false),
            FailureDetails = failure is null ? null : StorageJson.Deserialize<TaskFailureDetails>(failure),
            CreatedAt = row.GetDateTimeOffset("CreatedTime") ?? DateTimeOffset.MinValue,
            LastUpdatedAt = row.GetDateTimeOffset("LastUpdatedTime") ?? DateTimeOffset.MinValue,
            CompletedAt = row.GetDateTimeOffset("CompletedTime"),
            ScheduledStartAt = row.GetDateTimeOffset("ScheduledStartTime"),
            ParentInstance = parent is null ? null : StorageJson.Deserialize<ParentInstanceInfo>(parent),
            Tags = tags is null ? null : StorageJson.Deserialize<Dictionary<string, string>>(tags),
        };
    }
}
