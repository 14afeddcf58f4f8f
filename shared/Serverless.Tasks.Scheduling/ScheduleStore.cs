using Azure;
using Azure.Data.Tables;
using Serverless.Tasks.Runtime;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// The schedules table <c>{Prefix}Schedules</c>: one partition "schedules", a row per schedule id. Every update is
/// ETag-checked: a conflicting writer gets null back and reads again.
/// </summary>
internal sealed class ScheduleStore(TaskStorage storage)
{
    public const string Partition = "schedules";

    private readonly TableClient _table = storage.Tables.GetTableClient(storage.Names.SchedulesTable);
    private volatile bool _tableExists;

    public string TableName => _table.Name;

    public async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_tableExists)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _tableExists = true;
        }
    }

    /// <summary>Every row, removed ones included.</summary>
    public async Task<IReadOnlyList<ScheduleRow>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<ScheduleRow>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(ToRow(entity));
        }

        return rows;
    }

    public async Task<ScheduleRow?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToRow(response.Value!) : null;
    }

    /// <summary>Inserts the row; null when a row with its id exists.</summary>
    public async Task<ScheduleRow?> AddAsync(ScheduleRow row, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await _table.AddEntityAsync(ToEntity(row), cancellationToken).ConfigureAwait(false);
            return row with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Replaces the row if it still has <see cref="ScheduleRow.ETag"/>; null when it changed or went meanwhile.</summary>
    public async Task<ScheduleRow?> UpdateAsync(ScheduleRow row, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(ToEntity(row), row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return row with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Deletes the row if it still has its ETag; false when it changed or went meanwhile.</summary>
    public async Task<bool> DeleteAsync(ScheduleRow row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(Partition, row.Id, row.ETag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(ScheduleRow row)
    {
        var entity = new TableEntity(Partition, row.Id)
        {
            ["Task"] = row.Task,
            ["Trigger"] = row.Trigger,
            ["Paused"] = row.Paused,
            ["Declared"] = row.Declared,
            ["Removed"] = row.Removed,
        };
        SetIfNotNull(entity, "DeclaredTrigger", row.DeclaredTrigger);
        SetIfNotNull(entity, "NextRunTime", row.NextRunTime);
        SetIfNotNull(entity, "LastRunTime", row.LastRunTime);
        SetIfNotNull(entity, "Parameters", row.Parameters);
        return entity;
    }

    private static void SetIfNotNull(TableEntity entity, string key, object? value)
    {
        if (value is not null)
        {
            entity[key] = value;
        }
    }

    private static ScheduleRow ToRow(TableEntity entity) => new()
    {
        Id = entity.RowKey,
        Task = entity.GetString("Task") ?? "",
        Trigger = entity.GetString("Trigger") ?? "",
        DeclaredTrigger = entity.GetString("DeclaredTrigger"),
        Paused = entity.GetBoolean("Paused") ?? false,
        NextRunTime = entity.GetDateTimeOffset("NextRunTime"),
        LastRunTime = entity.GetDateTimeOffset("LastRunTime"),
        Parameters = entity.GetString("Parameters"),
        Declared = entity.GetBoolean("Declared") ?? false,
        Removed = entity.GetBoolean("Removed") ?? false,
        ETag = entity.ETag,
    };
}
