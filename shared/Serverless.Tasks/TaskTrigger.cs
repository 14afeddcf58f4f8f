using Serverless.Tasks.Triggers;

namespace Serverless.Tasks;

/// <summary>
/// When a task runs by itself: a cron schedule, an interval, a one-shot date, or an OR/AND combination of these.
/// Every trigger has an expression form (<see cref="ToString"/>, <see cref="Parse"/>) that round-trips, used in
/// declarations, the schedules table and the HTTP API:
/// <c>cron(0 9 * * MON-FRI, tz=Europe/Berlin)</c>, <c>every(00:00:10, start=2026-01-01T00:00:00Z, end=..., jitter=00:00:02)</c>,
/// <c>at(2026-12-01T09:00:00Z)</c>, combined with <c>or</c>, <c>and</c> and parentheses (<c>and</c> binds tighter).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(TaskTriggerJsonConverter))]
public abstract class TaskTrigger : IEquatable<TaskTrigger>
{
    private protected TaskTrigger()
    {
    }

    /// <summary>The first fire time strictly after <paramref name="after"/>; null when the trigger fires no more.</summary>
    public abstract DateTimeOffset? GetNextFireTime(DateTimeOffset after);

    /// <summary>The largest random delay the scheduler adds to a fire time (the longest of a combination's parts).</summary>
    public virtual TimeSpan Jitter => TimeSpan.Zero;

    /// <summary>The expression form of the trigger; <see cref="Parse"/> reads it back to an equal trigger.</summary>
    public abstract override string ToString();

    /// <summary>
    /// A cron schedule with 5 fields (minute first) or 6 (second first), or a macro (@hourly, @daily, @weekly, @monthly,
    /// @yearly), in <paramref name="timeZone"/> (default UTC). Across daylight saving changes a time that does not exist
    /// fires when the clock jumps, and a time that happens twice fires once.
    /// </summary>
    /// <exception cref="FormatException">The expression is not a valid 5- or 6-field cron expression.</exception>
    public static TaskTrigger Cron(string expression, TimeZoneInfo? timeZone = null) => new CronTrigger(expression, timeZone);

    /// <summary>
    /// Every <paramref name="interval"/>: fire times are <paramref name="start"/> + k * interval (k = 0, 1, ...) up to
    /// <paramref name="end"/>; without a start, multiples of the interval since the Unix epoch (so all hosts agree).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not positive, the end is before the start or the jitter is negative.</exception>
    public static TaskTrigger Every(TimeSpan interval, DateTimeOffset? start = null, DateTimeOffset? end = null, TimeSpan? jitter = null) =>
        new EveryTrigger(interval, start, end, jitter);

    /// <summary>Once, at <paramref name="time"/>.</summary>
    public static TaskTrigger At(DateTimeOffset time) => new AtTrigger(time);

    /// <summary>Fires whenever any of the triggers fires (OR).</summary>
    public static TaskTrigger Any(params TaskTrigger[] triggers) => Combine(triggers, parts => new AnyTrigger(parts));

    /// <summary>
    /// Fires at the times all of the triggers share (AND). The next shared time is searched for a bounded number of steps
    /// (10,000 candidate times); parts that never meet within them fire no more.
    /// </summary>
    public static TaskTrigger All(params TaskTrigger[] triggers) => Combine(triggers, parts => new AllTrigger(parts));

    /// <summary>Reads a trigger expression; <see cref="FormatException"/> names the position and what was expected.</summary>
    public static TaskTrigger Parse(string expression) => TriggerParser.Parse(expression);

    /// <summary>Triggers are equal when their expressions are (<see cref="ToString"/>).</summary>
    public bool Equals(TaskTrigger? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as TaskTrigger);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static TaskTrigger Combine(TaskTrigger[] triggers, Func<TaskTrigger[], TaskTrigger> create)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        if (triggers.Length == 0)
        {
            throw new ArgumentException("A combination needs at least one trigger.", nameof(triggers));
        }

        if (Array.IndexOf(triggers, null) >= 0)
        {
            throw new ArgumentException("A combination's triggers must not be null.", nameof(triggers));
        }

        return triggers.Length == 1 ? triggers[0] : create(triggers);
    }
}
