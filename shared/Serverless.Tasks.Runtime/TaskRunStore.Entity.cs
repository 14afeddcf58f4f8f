using System.Text.Json;
using Azure.Data.Tables;

namespace Serverless.Tasks.Runtime;

internal sealed partial class TaskRunStore
{
    /// <summary>Longer error messages and reasons are cut to this (a table property holds 32K characters).</summary>
    private const int MaxTextLength = 8_000;

    private async Task<TableEntity> ToEntityAsync(TaskRun run, string? messageId, bool held, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(run.RunId, "")
        {
            ["Task"] = run.Task,
            ["Namespace"] = run.Namespace,
            ["Status"] = run.Status.ToString(),
            ["Priority"] = run.Priority,
            ["Attempt"] = run.Attempt,
            ["CreatedAt"] = run.CreatedAt,
            ["UpdatedAt"] = run.UpdatedAt,
            ["AbortRequested"] = run.AbortRequested,
            ["Held"] = held,
        };
        Set(entity, "Parameters", await StorePayloadAsync(run.RunId, "parameters", run.Parameters, cancellationToken).ConfigureAwait(false));
        Set(entity, "Result", await StorePayloadAsync(run.RunId, "result", run.Result, cancellationToken).ConfigureAwait(false));
        Set(entity, "ErrorType", run.Error?.Type);
        Set(entity, "ErrorMessage", Cut(run.Error?.Message));
        Set(entity, "Reason", Cut(run.Reason));
        Set(entity, "DueAt", run.DueAt);
        Set(entity, "StartedAt", run.StartedAt);
        Set(entity, "CompletedAt", run.CompletedAt);
        Set(entity, "ScheduleId", run.ScheduleId);
        Set(entity, "ParentInstanceId", run.ParentInstanceId);
        Set(entity, "Host", run.Host);
        Set(entity, "MessageId", messageId);
        return entity;
    }

    private async Task<StoredRun> FromEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        var errorType = entity.GetString("ErrorType");
        var run = new TaskRun
        {
            RunId = entity.PartitionKey,
            Task = entity.GetString("Task") ?? "",
            Namespace = entity.GetString("Namespace") ?? TaskDefaults.Namespace,
            Status = Enum.TryParse<TaskRunStatus>(entity.GetString("Status"), out var status) ? status : TaskRunStatus.Queued,
            Priority = entity.GetInt32("Priority") ?? TaskPriority.Normal,
            Attempt = entity.GetInt32("Attempt") ?? 0,
            Parameters = await LoadPayloadAsync(entity.GetString("Parameters"), cancellationToken).ConfigureAwait(false),
            Result = await LoadPayloadAsync(entity.GetString("Result"), cancellationToken).ConfigureAwait(false),
            Error = errorType is null ? null : new TaskRunError(errorType, entity.GetString("ErrorMessage") ?? ""),
            Reason = entity.GetString("Reason"),
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
            DueAt = entity.GetDateTimeOffset("DueAt"),
            StartedAt = entity.GetDateTimeOffset("StartedAt"),
            CompletedAt = entity.GetDateTimeOffset("CompletedAt"),
            UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? default,
            ScheduleId = entity.GetString("ScheduleId"),
            ParentInstanceId = entity.GetString("ParentInstanceId"),
            AbortRequested = entity.GetBoolean("AbortRequested") ?? false,
            Host = entity.GetString("Host"),
        };
        return new StoredRun(run, entity.GetString("MessageId"), entity.GetBoolean("Held") ?? false, entity.ETag);
    }

    private static void Set(TableEntity entity, string key, object? value)
    {
        if (value is not null)
        {
            entity[key] = value;
        }
    }

    private static string? Cut(string? text) => text is { Length: > MaxTextLength } ? text[..MaxTextLength] + " ..." : text;

    private static JsonElement ParseJson(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
