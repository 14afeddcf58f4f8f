using System.Text.Json;

namespace Serverless.Tasks.Http;

/// <summary>POST /admin/tasks/{name}/runs: parameters (default: the task's defaults), delay or due time, priority, run id.</summary>
internal sealed record RunRequest(JsonElement? Parameters, TimeSpan? Delay, DateTimeOffset? DueTime, int? Priority, string? RunId)
{
    public const string Example = """{"parameters": {...}, "delay": "00:00:10", "priority": 2}""";
}

/// <summary>POST /admin/runs/{id}/abort: an optional reason.</summary>
internal sealed record AbortRequest(string? Reason)
{
    public const string Example = """{"reason": "..."}""";
}

/// <summary>POST /admin/schedules.</summary>
internal sealed record AddScheduleRequest(string? Id, string? Task, string? Trigger, JsonElement? Parameters)
{
    public const string Example = """{"id": "nightly", "task": "cleanup", "trigger": "cron(0 3 * * *)", "parameters": {...}}""";
}

/// <summary>PUT /admin/schedules/{id}/trigger.</summary>
internal sealed record RescheduleRequest(string? Trigger)
{
    public const string Example = """{"trigger": "every(00:05:00)"}""";
}
