namespace Serverless.Host.Queues.Pump;

/// <summary>
/// The wait between polls of an empty queue: starts at <see cref="Minimum"/>, doubles after each empty poll up to the
/// maximum (maxPollingInterval), and starts over after a poll that found messages. Each wait is shortened by up to 10 %
/// at random so hosts polling one queue drift apart instead of polling in lockstep.
/// </summary>
internal sealed class PollingBackoff(TimeSpan maximum, Func<double>? random = null)
{
    /// <summary>The shortest wait, as the Functions queue listener's minimum polling interval.</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(100);

    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;
    private TimeSpan _nominal = TimeSpan.Zero;

    public TimeSpan Maximum { get; } = maximum < Minimum ? Minimum : maximum;

    /// <summary>The wait after an empty poll.</summary>
    public TimeSpan NextDelay()
    {
        _nominal = _nominal == TimeSpan.Zero ? Minimum : TimeSpan.FromTicks(Math.Min(_nominal.Ticks * 2, Maximum.Ticks));
        var jitter = 1.0 - (0.1 * Math.Clamp(_random(), 0.0, 1.0));
        return TimeSpan.FromTicks((long)(_nominal.Ticks * jitter));
    }

    /// <summary>A poll found messages: the next empty poll waits the minimum again.</summary>
    public void Reset() => _nominal = TimeSpan.Zero;
}
