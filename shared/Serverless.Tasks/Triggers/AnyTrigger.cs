namespace Serverless.Tasks.Triggers;

/// <summary>OR: fires whenever one of its parts fires (the earliest next fire time).</summary>
internal sealed class AnyTrigger : TaskTrigger
{
    public AnyTrigger(IEnumerable<TaskTrigger> parts) =>
        Parts = [.. parts.SelectMany(p => p is AnyTrigger any ? any.Parts : [p])];

    public IReadOnlyList<TaskTrigger> Parts { get; }

    public override TimeSpan Jitter => Parts.Max(p => p.Jitter);

    public override DateTimeOffset? GetNextFireTime(DateTimeOffset after)
    {
        DateTimeOffset? earliest = null;
        foreach (var part in Parts)
        {
            if (part.GetNextFireTime(after) is { } next && (earliest is null || next < earliest))
            {
                earliest = next;
            }
        }

        return earliest;
    }

    public override string ToString() => string.Join(" or ", Parts.Select(p => p.ToString()));
}
