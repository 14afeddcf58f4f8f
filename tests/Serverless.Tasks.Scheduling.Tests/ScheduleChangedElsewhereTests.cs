using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Scheduling.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests;

/// <summary>
/// A change made on another host between the firing host's read of the rows and the fire time: the firing host reads the
/// row again before it fires, so the change wins even though its copy of the rows is older.
/// </summary>
public sealed class ScheduleChangedElsewhereTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = TestTasks.Start;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly RecordingTaskClient _tasks = new();
    private readonly string _prefix = SchedulerHost.NewPrefix();
    private readonly TaskCatalog _catalog = TestTasks.Catalog(TestTasks.Define("tick", TaskTrigger.Every(TimeSpan.FromMinutes(1))));

    private SchedulerHost Host() => new(azurite, _prefix, _catalog, _time, _tasks);

    [Theory]
    [InlineData("pause")]
    [InlineData("remove")]
    public async Task Scheduler_PausedOrRemovedOnAnotherHostAfterTheRead_DoesNotFire(string change)
    {
        // The leader reads the rows once an hour: it holds a copy in which "tick" is due at 00:01.
        await using var leader = Host();
        await using var other = Host();
        await leader.StartAsync();
        Assert.Equal(T0.AddMinutes(1), await leader.WaitingAsync());

        if (change == "pause")
        {
            await other.Client.PauseAsync("tick");
        }
        else
        {
            Assert.True(await other.Client.RemoveAsync("tick"));
        }

        await leader.AdvanceToWakeAsync();

        Assert.Empty(_tasks.Enqueues);
        var row = await leader.Store.GetAsync("tick", CancellationToken.None);
        Assert.Null(row!.NextRunTime);
        Assert.Null(row.LastRunTime);
    }

    [Fact]
    public async Task Scheduler_RescheduledOnAnotherHostAfterTheRead_FiresAtTheNewTimeOnly()
    {
        await using var leader = Host();
        await using var other = Host();
        await leader.StartAsync();
        Assert.Equal(T0.AddMinutes(1), await leader.WaitingAsync());

        await other.Client.RescheduleAsync("tick", TaskTrigger.Every(TimeSpan.FromMinutes(10)));
        Assert.Equal(T0.AddMinutes(1), await leader.AdvanceToWakeAsync());
        Assert.Empty(_tasks.Enqueues);
        Assert.Equal(T0.AddMinutes(10), await leader.WaitingAsync());

        await leader.AdvanceToWakeAsync();
        Assert.Equal("tick@20260101T001000000Z", Assert.Single(_tasks.Enqueues).RunId);
    }
}
