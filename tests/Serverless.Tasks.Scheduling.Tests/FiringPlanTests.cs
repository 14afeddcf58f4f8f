using Serverless.Tasks.Scheduling.Tests.TestSupport;

namespace Serverless.Tasks.Scheduling.Tests;

public sealed class FiringPlanTests
{
    private static readonly DateTimeOffset T0 = TestTasks.Start;
    private static readonly TaskTrigger EveryMinute = TaskTrigger.Every(TimeSpan.FromMinutes(1));

    [Fact]
    public void Create_OnTime_FiresTheDueTimeAndNextIsTheFollowingFireTime()
    {
        var plan = FiringPlan.Create(T0, EveryMinute, coalesce: true, misfireGraceTime: null, now: T0.AddMilliseconds(5));

        var fire = Assert.Single(plan.Fires);
        Assert.Equal(new ScheduledFire(T0, null), fire);
        Assert.Equal(T0.AddMinutes(1), plan.NextRunTime);
        Assert.Equal(T0, plan.LastRunTime);
    }

    [Fact]
    public void Create_OutageWithCoalesce_FiresOnlyTheLatestMissedTime()
    {
        var plan = FiringPlan.Create(T0, EveryMinute, coalesce: true, misfireGraceTime: null, now: T0.AddMinutes(4).AddSeconds(30));

        var fire = Assert.Single(plan.Fires);
        Assert.Equal(T0.AddMinutes(4), fire.DueTime);
        Assert.Null(fire.SkippedReason);
        Assert.Equal(T0.AddMinutes(5), plan.NextRunTime);
    }

    [Fact]
    public void Create_OutageWithoutCoalesce_FiresEveryMissedTime()
    {
        var plan = FiringPlan.Create(T0, EveryMinute, coalesce: false, misfireGraceTime: null, now: T0.AddMinutes(4).AddSeconds(30));

        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(3), T0.AddMinutes(4)], plan.Fires.Select(f => f.DueTime));
        Assert.All(plan.Fires, f => Assert.Null(f.SkippedReason));
        Assert.Equal(T0.AddMinutes(4), plan.LastRunTime);
    }

    [Fact]
    public void Create_MisfireGrace_SkipsTheTooLateTimesWithTheReason()
    {
        var plan = FiringPlan.Create(T0, EveryMinute, coalesce: false, misfireGraceTime: TimeSpan.FromSeconds(90), now: T0.AddMinutes(4).AddSeconds(30));

        Assert.Equal(
            [
                "misfired: 270s late, grace 90s",
                "misfired: 210s late, grace 90s",
                "misfired: 150s late, grace 90s",
                null,
                null,
            ],
            plan.Fires.Select(f => f.SkippedReason));
    }

    [Fact]
    public void Create_CoalescedLatestTooLate_SkipsIt()
    {
        var plan = FiringPlan.Create(T0, EveryMinute, coalesce: true, misfireGraceTime: TimeSpan.FromSeconds(10), now: T0.AddMinutes(2).AddSeconds(30));

        var fire = Assert.Single(plan.Fires);
        Assert.Equal(T0.AddMinutes(2), fire.DueTime);
        Assert.Equal("misfired: 30s late, grace 10s", fire.SkippedReason);
    }

    [Fact]
    public void Create_OneShot_HasNoNextRunTime()
    {
        var plan = FiringPlan.Create(T0, TaskTrigger.At(T0), coalesce: true, misfireGraceTime: null, now: T0.AddSeconds(1));

        Assert.Equal(T0, Assert.Single(plan.Fires).DueTime);
        Assert.Null(plan.NextRunTime);
    }

    [Fact]
    public void Create_LongBacklogWithoutCoalesce_StopsAtTheBatchLimitAndContinuesNextPass()
    {
        var every = TaskTrigger.Every(TimeSpan.FromSeconds(1));
        var now = T0.AddHours(1);

        var plan = FiringPlan.Create(T0, every, coalesce: false, misfireGraceTime: null, now);

        Assert.Equal(FiringPlan.MaxFiresPerPass, plan.Fires.Count);
        Assert.Equal(T0.AddSeconds(FiringPlan.MaxFiresPerPass), plan.NextRunTime);
    }

    [Fact]
    public void Create_Cron_FiresAtTheCronTimes()
    {
        var cron = TaskTrigger.Cron("*/15 * * * *");

        var plan = FiringPlan.Create(T0, cron, coalesce: false, misfireGraceTime: null, now: T0.AddMinutes(40));

        Assert.Equal([T0, T0.AddMinutes(15), T0.AddMinutes(30)], plan.Fires.Select(f => f.DueTime));
        Assert.Equal(T0.AddMinutes(45), plan.NextRunTime);
    }
}
