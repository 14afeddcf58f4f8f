namespace Serverless.Tasks.Scheduling;

/// <summary>No schedule has this id (or it was removed). The HTTP API answers 404 for it.</summary>
public sealed class TaskScheduleNotFoundException(string scheduleId)
    : KeyNotFoundException($"No schedule has the id '{scheduleId}'.")
{
    public string ScheduleId { get; } = scheduleId;
}
