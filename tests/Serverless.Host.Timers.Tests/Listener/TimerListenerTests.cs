using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Timers.Tests.Listener;

public sealed class TimerListenerTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 9, 35, 0, 250, DateTimeKind.Utc);

    private static DateTime At(int hour, int minute = 0, int second = 0) => new(2026, 1, 1, hour, minute, second, DateTimeKind.Utc);

    [Fact]
    public async Task Start_CronSchedule_InvokesAtEachOccurrenceAndNotBefore()
    {
        await using var harness = new TimerListenerHarness("*/10 * * * * *", Start, useMonitor: false);
        await harness.StartAsync();

        await harness.WaitingForAsync(At(9, 35, 10));
        harness.Time.Advance(At(9, 35, 10) - harness.Now - TimeSpan.FromMilliseconds(1));
        await harness.WaitingForAsync(At(9, 35, 10));
        Assert.Empty(harness.Executor.Calls);

        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        await harness.CallsAsync(1);
        await harness.FireAsync(At(9, 35, 20));
        await harness.CallsAsync(2);

        Assert.Equal([At(9, 35, 10), At(9, 35, 20)], harness.Executor.Calls.Select(c => c.At));
        Assert.All(harness.Executor.Calls, c => Assert.False(c.Info.IsPastDue));
        Assert.All(harness.Executor.Calls, c => Assert.Null(c.Info.ScheduleStatus));
        await harness.WaitingForAsync(At(9, 35, 30));
    }

    [Fact]
    public async Task Start_NewMonitoredTimer_WritesNextAndDoesNotInvoke()
    {
        await using var harness = new TimerListenerHarness("0 0 * * * *", Start);
        await harness.StartAsync();

        await harness.WaitingForAsync(At(10));

        Assert.Empty(harness.Executor.Calls);
        Assert.Equal(At(10), harness.Monitor.Current!.Next);
        Assert.Equal(default, harness.Monitor.Current.Last);
    }

    [Fact]
    public async Task Fire_Monitored_PassesStatusAndRecordsTheOccurrence()
    {
        await using var harness = new TimerListenerHarness("0 0 * * * *", Start, monitor: new(new ScheduleStatus { Last = At(9), Next = At(10), LastUpdated = At(9) }));
        await harness.StartAsync();

        await harness.FireAsync(At(10), late: TimeSpan.FromMilliseconds(3));
        await harness.CallsAsync(1);
        await harness.WaitingForAsync(At(11));

        var call = Assert.Single(harness.Executor.Calls);
        Assert.False(call.Info.IsPastDue);
        Assert.Equal(At(9), call.Info.ScheduleStatus!.Last);
        Assert.Equal(At(10), call.Info.ScheduleStatus.Next);
        Assert.Equal(At(10).AddMilliseconds(3), harness.Monitor.Current!.Last);
        Assert.Equal(At(11), harness.Monitor.Current.Next);
    }

    [Fact]
    public async Task Start_MissedOccurrences_InvokesOncePastDueThenFollowsTheSchedule()
    {
        var stored = new ScheduleStatus { Last = At(6), Next = At(7), LastUpdated = At(6) };
        await using var harness = new TimerListenerHarness("0 0 * * * *", Start, runOnStartup: true, monitor: new(stored));
        await harness.StartAsync();

        await harness.CallsAsync(1);
        await harness.WaitingForAsync(At(10));

        var call = Assert.Single(harness.Executor.Calls);
        Assert.True(call.Info.IsPastDue);
        Assert.Equal(At(6), call.Info.ScheduleStatus!.Last);
        Assert.Equal(At(7), call.Info.ScheduleStatus.Next);
        Assert.Contains("past due", call.Reason, StringComparison.Ordinal);
        Assert.Equal(Start, harness.Monitor.Current!.Last);
        Assert.Equal(At(10), harness.Monitor.Current.Next);

        await harness.FireAsync(At(10));
        await harness.CallsAsync(2);
        Assert.False(harness.Executor.Calls.Last().Info.IsPastDue);
    }

    [Fact]
    public async Task Start_RunOnStartup_InvokesOnceNowThenWaits()
    {
        await using var harness = new TimerListenerHarness("0 0 0 1 1 *", Start, useMonitor: false, runOnStartup: true);
        await harness.StartAsync();

        await harness.CallsAsync(1);
        await harness.WaitingForAsync(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var call = Assert.Single(harness.Executor.Calls);
        Assert.False(call.Info.IsPastDue);
        Assert.Equal(Start, call.At);
        Assert.Contains("run on startup", call.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fire_TimeSpanSchedule_NextIsIntervalAfterTheRunStarted()
    {
        await using var harness = new TimerListenerHarness("00:00:30", Start, useMonitor: false);
        await harness.StartAsync();

        await harness.FireAsync(Start.AddSeconds(30), late: TimeSpan.FromMilliseconds(40));
        await harness.CallsAsync(1);

        await harness.WaitingForAsync(Start.AddSeconds(60).AddMilliseconds(40));
    }

    [Fact]
    public async Task Start_LockHeldElsewhere_DoesNotFireUntilItGetsTheLock()
    {
        await using var harness = new TimerListenerHarness("*/10 * * * * *", Start, useMonitor: false);
        harness.Lock.Available = false;
        await harness.StartAsync();

        await Poll.UntilAsync(() => harness.Lock.Attempts == 1, "first lock attempt");
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        await Poll.UntilAsync(() => harness.Lock.Attempts == 2, "second lock attempt (after the recovery interval)");
        Assert.Null(harness.Listener.WaitingFor);
        Assert.Empty(harness.Executor.Calls);

        harness.Lock.Available = true;
        harness.Time.Advance(harness.Options.ListenerLockRecoveryPollingInterval);
        await harness.FireAsync(At(9, 35, 30));
        await harness.CallsAsync(1);
        Assert.True(harness.Listener.HoldsLock);
    }

    [Fact]
    public async Task LeaseLost_StopsFiringAndTakesTheLockAgainWhenFree()
    {
        await using var harness = new TimerListenerHarness("*/10 * * * * *", Start, useMonitor: false);
        await harness.StartAsync();
        await harness.WaitingForAsync(At(9, 35, 10));

        harness.Lock.Current!.TakeAway();
        await Poll.UntilAsync(() => !harness.Listener.HoldsLock && harness.Listener.WaitingFor is null, "listener gave up the schedule");
        harness.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(harness.Executor.Calls);

        harness.Lock.Available = true;
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.FireAsync(At(9, 35, 10));
        await harness.CallsAsync(1);
        Assert.Equal(At(9, 35, 10), Assert.Single(harness.Executor.Calls).At);
    }

    [Fact]
    public async Task Stop_RunningInvocation_FinishesThenReleasesTheLock()
    {
        await using var harness = new TimerListenerHarness("*/10 * * * * *", Start);
        harness.Executor.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await harness.StartAsync();
        await harness.FireAsync(At(9, 35, 10));
        await harness.CallsAsync(1);
        var lease = harness.Lock.Current!;

        var stop = harness.Listener.StopAsync(CancellationToken.None);
        Assert.False(stop.IsCompleted);
        Assert.False(lease.Released);

        harness.Executor.Gate.SetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(lease.Released);
        Assert.Single(harness.Executor.Calls);
    }

    [Fact]
    public async Task Start_DamagedStatus_StartsOverAsANewTimer()
    {
        var monitor = new Serverless.Host.Timers.Tests.TestSupport.InMemoryScheduleMonitor { Damaged = true };
        await using var harness = new TimerListenerHarness("0 0 * * * *", Start, monitor: monitor);
        await harness.StartAsync();

        await harness.WaitingForAsync(At(10));

        Assert.Empty(harness.Executor.Calls);
        Assert.Equal(1, monitor.Writes);
    }
}
