namespace Serverless.Tasks.Triggers;

/// <summary>Every interval from a start (or from the Unix epoch, so every host agrees), up to an optional end.</summary>
internal sealed class EveryTrigger : TaskTrigger
{
    public EveryTrigger(TimeSpan interval, DateTimeOffset? start, DateTimeOffset? end, TimeSpan? jitter)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval of every(...) must be positive.");
        }

        if (start is { } s && end is { } e && e < s)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"The end of every(...) is before its start {TriggerFormat.Date(s)}.");
        }

        if (jitter is { } j && j < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "The jitter of every(...) must not be negative.");
        }

        Interval = interval;
        Start = start;
        End = end;
        JitterOrNull = jitter is { } js && js > TimeSpan.Zero ? js : null;
    }

    public TimeSpan Interval { get; }

    public DateTimeOffset? Start { get; }

    public DateTimeOffset? End { get; }

    private TimeSpan? JitterOrNull { get; }

    public override TimeSpan Jitter => JitterOrNull ?? TimeSpan.Zero;

    public override DateTimeOffset? GetNextFireTime(DateTimeOffset after)
    {
        var origin = Start ?? DateTimeOffset.UnixEpoch;
        DateTimeOffset next;
        if (after < origin)
        {
            next = origin;
        }
        else
        {
            var steps = ((after - origin).Ticks / Interval.Ticks) + 1;
            var ticks = (decimal)origin.UtcTicks + ((decimal)steps * Interval.Ticks);
            if (ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return null;
            }

            next = new DateTimeOffset((long)ticks, TimeSpan.Zero).ToOffset(origin.Offset);
        }

        return End is { } end && next > end ? null : next;
    }

    public override string ToString()
    {
        var text = "every(" + TriggerFormat.Span(Interval);
        if (Start is { } start)
        {
            text += ", start=" + TriggerFormat.Date(start);
        }

        if (End is { } end)
        {
            text += ", end=" + TriggerFormat.Date(end);
        }

        if (JitterOrNull is { } jitter)
        {
            text += ", jitter=" + TriggerFormat.Span(jitter);
        }

        return text + ")";
    }
}
