using System.Text.Json;

namespace Serverless.Tasks.Functions.Http;

/// <summary>POST tasks/{name}/runs: parameters (default: the task's defaults), delay or due time, priority, run id.</summary>
internal sealed record RunRequest(JsonElement? Parameters, TimeSpan? Delay, DateTimeOffset? DueTime, int? Priority, string? RunId)
{
    public const string Example = """{"parameters": {...}, "delay": "00:00:10", "priority": 2}""";
}

/// <summary>POST runs/{runId}/abort: an optional reason.</summary>
internal sealed record AbortRequest(string? Reason)
{
    public const string Example = """{"reason": "..."}""";
}

/// <summary>POST schedules.</summary>
internal sealed record AddScheduleRequest(string? Id, string? Task, string? Trigger, JsonElement? Parameters)
{
    public const string Example = """{"id": "nightly", "task": "cleanup", "trigger": "cron(0 3 * * *)", "parameters": {...}}""";
}

/// <summary>POST or PUT schedules/{scheduleId}/reschedule.</summary>
internal sealed record RescheduleRequest(string? Trigger)
{
    public const string Example = """{"trigger": "every(00:05:00)"}""";
}

/// <summary>
/// PATCH (the members given) or PUT (the whole schedule) schedules/{scheduleId}. <see cref="Parameters"/> is Undefined
/// when absent and Null for an explicit null (back to the task's defaults). The read-only members a GET answers
/// (nextRunTime, lastRunTime, declared) are accepted and ignored, so a GET's body can be changed and sent back.
/// </summary>
internal sealed record UpdateScheduleRequest(
    string? Id,
    string? Task,
    string? Trigger,
    JsonElement Parameters,
    bool? Paused,
    DateTimeOffset? NextRunTime,
    DateTimeOffset? LastRunTime,
    bool? Declared)
{
    public const string Example = """{"task": "cleanup", "trigger": "cron(0 4 * * *)", "parameters": {...}, "paused": false}""";
}
