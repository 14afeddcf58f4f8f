using System.Text.Json;
using Azure;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// A row of the schedules table (PartitionKey "schedules", RowKey = schedule id) with the ETag it was read with.
/// <see cref="DeclaredTrigger"/> is the trigger the code declared when the row last took it; <see cref="Removed"/> keeps a
/// removed declared schedule removed until its declaration changes.
/// </summary>
internal sealed record ScheduleRow
{
    public required string Id { get; init; }

    public required string Task { get; init; }

    /// <summary>The trigger expression in force.</summary>
    public required string Trigger { get; init; }

    public string? DeclaredTrigger { get; init; }

    public bool Paused { get; init; }

    public DateTimeOffset? NextRunTime { get; init; }

    public DateTimeOffset? LastRunTime { get; init; }

    /// <summary>The run parameters as JSON; null = the task's defaults.</summary>
    public string? Parameters { get; init; }

    public bool Declared { get; init; }

    public bool Removed { get; init; }

    public ETag ETag { get; init; }

    /// <summary>Whether the scheduler fires this row (at its NextRunTime).</summary>
    public bool IsActive => !Removed && !Paused && NextRunTime is not null;

    public JsonElement? ParametersJson()
    {
        if (Parameters is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(Parameters);
        return document.RootElement.Clone();
    }

    public TaskSchedule ToSchedule() => new()
    {
        Id = Id,
        Task = Task,
        Trigger = Trigger,
        Paused = Paused,
        NextRunTime = Paused ? null : NextRunTime,
        LastRunTime = LastRunTime,
        Parameters = ParametersJson(),
        Declared = Declared,
    };
}
