using System.Text.Json;

namespace Serverless.Tasks.Functions.Http;

/// <summary>A task as GET tasks shows it: its declaration, options and schedules.</summary>
internal sealed record TaskInfo(
    string Name,
    string Namespace,
    int Priority,
    string? Trigger,
    DateTimeOffset? NextRunTime,
    string DeclaredAt,
    TaskOptionsInfo Options,
    IReadOnlyList<TaskScheduleInfo> Schedules)
{
    public static TaskInfo From(TaskDefinition task, IEnumerable<TaskSchedule> schedules)
    {
        var mine = schedules
            .Where(s => string.Equals(s.Task, task.Name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.Id, StringComparer.OrdinalIgnoreCase)
            .Select(s => new TaskScheduleInfo(s.Id, s.Trigger, s.Paused, s.NextRunTime, s.LastRunTime, s.Declared))
            .ToList();
        return new(
            task.Name,
            task.Namespace,
            task.Priority,
            task.Trigger?.ToString(),
            mine.Where(s => !s.Paused && s.NextRunTime is not null).Min(s => s.NextRunTime),
            task.DeclaredAt,
            TaskOptionsInfo.From(task),
            mine);
    }
}

/// <summary>A task's options; maxRetries is int.MaxValue for "retry always".</summary>
internal sealed record TaskOptionsInfo(
    int MaxRetries,
    bool AtMostOnce,
    TimeSpan RetryDelay,
    TimeSpan MaxRetryDelay,
    bool RetryJitter,
    TimeSpan Timeout,
    TimeSpan? MisfireGraceTime,
    bool Coalesce,
    int MaxInstances,
    int MaxConcurrency,
    string? OnFailure,
    IReadOnlyList<string> RunBefore,
    string? RunAfter,
    TaskResources? CpuBound,
    bool Opportunistic,
    double MemoryGiB,
    bool Lifecycle,
    string? ParametersType,
    string? ResultType,
    JsonElement? DefaultParameters)
{
    public static TaskOptionsInfo From(TaskDefinition task) => new(
        task.MaxRetries,
        task.AtMostOnce,
        task.RetryDelay,
        task.MaxRetryDelay,
        task.RetryJitter,
        task.Timeout,
        task.MisfireGraceTime,
        task.Coalesce,
        task.MaxInstances,
        task.MaxConcurrency,
        task.OnFailure,
        task.RunBefore,
        task.RunAfter,
        task.CpuBound,
        task.Opportunistic,
        task.MemoryGiB,
        task.IsLifecycle,
        task.ParametersType?.Name,
        task.ResultType?.Name,
        Parse(task.DefaultParameters));

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>A schedule of a task, as listed with the task.</summary>
internal sealed record TaskScheduleInfo(string Id, string Trigger, bool Paused, DateTimeOffset? NextRunTime, DateTimeOffset? LastRunTime, bool Declared);
