using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Host.Timers.Listener;
using Serverless.Host.Timers.Scheduling;
using Serverless.Host.Timers.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Host.Timers.Tests.Listener;

/// <summary>A timer listener on a fake clock, with storage and executor in memory.</summary>
internal sealed class TimerListenerHarness : IAsyncDisposable
{
    public TimerListenerHarness(string schedule, DateTime startUtc, bool useMonitor = true, bool runOnStartup = false, InMemoryScheduleMonitor? monitor = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(startUtc, TimeSpan.Zero));
        Monitor = monitor ?? new InMemoryScheduleMonitor();
        Executor = new RecordingExecutor(Time);
        var parsed = TimerScheduleParser.Parse(schedule, TimeZoneInfo.Utc);
        var settings = new TimerListenerSettings("Tick", "Functions.Tick", "Host.Functions.Tick", parsed, useMonitor, runOnStartup);
        Listener = new TimerListener(settings, null!, Executor, Monitor, Lock, Options, Time, NullLogger.Instance);
    }

    public FakeTimeProvider Time { get; }

    public InMemoryScheduleMonitor Monitor { get; }

    public InMemoryListenerLock Lock { get; } = new();

    public TimersOptions Options { get; } = new() { ListenerLockRecoveryPollingInterval = TimeSpan.FromSeconds(5) };

    public RecordingExecutor Executor { get; }

    public TimerListener Listener { get; }

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    public Task StartAsync() => Listener.StartAsync(CancellationToken.None);

    /// <summary>Waits until the listener waits for <paramref name="occurrence"/>, then moves the clock to it (plus <paramref name="late"/>).</summary>
    public async Task FireAsync(DateTime occurrence, TimeSpan late = default)
    {
        await WaitingForAsync(occurrence);
        Time.Advance(occurrence - Now + late);
    }

    public Task WaitingForAsync(DateTime occurrence) =>
        Poll.UntilAsync(() => Listener.WaitingFor == occurrence, $"listener waiting for {occurrence:o} (waits for {Listener.WaitingFor:o})", TimeSpan.FromSeconds(10));

    public Task CallsAsync(int count) =>
        Poll.UntilAsync(() => Executor.Calls.Count >= count, $"{count} invocation(s) (have {Executor.Calls.Count})", TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync() => await Listener.DisposeAsync();
}
