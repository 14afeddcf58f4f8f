namespace Serverless.Tasks.Triggers;

/// <summary>AND: fires at the times every part fires. The search gives up (null) after a bounded number of steps.</summary>
internal sealed class AllTrigger : TaskTrigger
{
    /// <summary>How many candidate times the search tries before it decides the parts never meet.</summary>
    internal const int MaxSteps = 10_000;

    public AllTrigger(IEnumerable<TaskTrigger> parts) =>
        Parts = [.. parts.SelectMany(p => p is AllTrigger all ? all.Parts : [p])];

    public IReadOnlyList<TaskTrigger> Parts { get; }

    public override TimeSpan Jitter => Parts.Max(p => p.Jitter);

    public override DateTimeOffset? GetNextFireTime(DateTimeOffset after)
    {
        var candidate = Parts[0].GetNextFireTime(after);
        for (var step = 0; step < MaxSteps && candidate is { } time; step++)
        {
            // The first fire time of each part at or after the candidate: all equal = a shared fire time.
            var latest = time;
            var allMeet = true;
            foreach (var part in Parts)
            {
                if (part.GetNextFireTime(time.AddTicks(-1)) is not { } next)
                {
                    return null;
                }

                if (next != time)
                {
                    allMeet = false;
                    latest = next > latest ? next : latest;
                }
            }

            if (allMeet)
            {
                return time;
            }

            candidate = latest;
        }

        return null;
    }

    public override string ToString() =>
        string.Join(" and ", Parts.Select(p => p is AnyTrigger ? $"({p})" : p.ToString()));
}
