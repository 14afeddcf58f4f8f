namespace Serverless.Tasks.Triggers;

/// <summary>Once, at a time.</summary>
internal sealed class AtTrigger(DateTimeOffset time) : TaskTrigger
{
    public DateTimeOffset Time { get; } = time;

    public override DateTimeOffset? GetNextFireTime(DateTimeOffset after) => Time > after ? Time : null;

    public override string ToString() => $"at({TriggerFormat.Date(Time)})";
}
