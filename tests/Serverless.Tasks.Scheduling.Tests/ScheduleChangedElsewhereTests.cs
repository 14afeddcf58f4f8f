using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Scheduling.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests;

/// <summary>
/// A change made on another host (the HTTP API's) between two ticks of the firing host: every tick reads the rows, so
/// the next tick fires by the row as it is now, never by what the firing host saw before.
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
    public async Task FireDueAsync_PausedOrRemovedOnAnotherHostSinceTheLastTick_DoesNotFire(string change)
    {
        var firing = Host();
        var other = Host();
        Assert.Equal(T0.AddMinutes(1), (await firing.TickAsync()).NextDue);

        if (change == "pause")
        {
            await other.Client.PauseAsync("tick");
        }
        else
        {
            Assert.True(await other.Client.RemoveAsync("tick"));
        }

        Assert.Equal(new ScheduleTick(0, 0, null), await firing.TickAtAsync(T0.AddMinutes(5)));

        Assert.Empty(_tasks.Enqueues);
        var row = await firing.Store.GetAsync("tick", CancellationToken.None);
        Assert.Null(row!.NextRunTime);
        Assert.Null(row.LastRunTime);
    }

    [Fact]
    public async Task FireDueAsync_RescheduledOnAnotherHostSinceTheLastTick_FiresAtTheNewTimeOnly()
    {
        var firing = Host();
        var other = Host();
        Assert.Equal(T0.AddMinutes(1), (await firing.TickAsync()).NextDue);

        await other.Client.RescheduleAsync("tick", TaskTrigger.Every(TimeSpan.FromMinutes(10)));
        Assert.Equal(new ScheduleTick(0, 0, T0.AddMinutes(10)), await firing.TickAtAsync(T0.AddMinutes(1)));
        Assert.Empty(_tasks.Enqueues);

        await firing.TickAtAsync(T0.AddMinutes(10));
        Assert.Equal("tick@20260101T001000000Z", Assert.Single(_tasks.Enqueues).RunId);
    }
}
