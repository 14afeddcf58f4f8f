namespace Serverless.Worker;

/// <summary>What a timer function receives about the occurrence that triggered it.</summary>
public class TimerInfo
{
    /// <summary>The persisted schedule status; null when the trigger does not monitor its schedule.</summary>
    public ScheduleStatus? ScheduleStatus { get; set; }

    /// <summary>True when this occurrence runs later than it was due (after downtime).</summary>
    public bool IsPastDue { get; set; }
}

/// <summary>The last and next occurrences of a monitored schedule, and when this status was last written.</summary>
public class ScheduleStatus
{
    public DateTime Last { get; set; }

    public DateTime Next { get; set; }

    public DateTime LastUpdated { get; set; }
}
