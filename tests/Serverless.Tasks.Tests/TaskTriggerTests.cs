namespace Serverless.Tasks.Tests;

public sealed class TaskTriggerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    [Fact]
    public void Cron_FiveFields_NextMinuteMatch()
    {
        var trigger = TaskTrigger.Cron("*/15 * * * *");

        Assert.Equal(Utc(2026, 11, 25, 18, 15), trigger.GetNextFireTime(T0));
        Assert.Equal(Utc(2026, 11, 25, 18, 15), trigger.GetNextFireTime(T0.AddMinutes(1)));
    }

    [Fact]
    public void Cron_SixFields_SecondsFirst()
    {
        var trigger = TaskTrigger.Cron("*/10 * * * * *");

        Assert.Equal(T0.AddSeconds(10), trigger.GetNextFireTime(T0));
    }

    [Theory]
    [InlineData("* * * *")]
    [InlineData("* * * * * * *")]
    [InlineData("61 * * * *")]
    public void Cron_BadExpression_FormatException(string expression) =>
        Assert.Throws<FormatException>(() => TaskTrigger.Cron(expression));

    [Fact]
    public void Cron_Macro_Accepted()
    {
        var trigger = TaskTrigger.Parse("cron(@hourly)");

        Assert.Equal(T0.AddHours(1), trigger.GetNextFireTime(T0));
        Assert.Equal("cron(@hourly)", trigger.ToString());
    }

    [Fact]
    public void Json_TriggerAsExpressionString_RoundTrips()
    {
        var trigger = TaskTrigger.Parse("cron(0 9 * * *) or every(00:00:10)");

        var json = System.Text.Json.JsonSerializer.Serialize(trigger, TaskJson.Options);

        Assert.Equal("\"cron(0 9 * * *) or every(00:00:10)\"", json);
        Assert.Equal(trigger, System.Text.Json.JsonSerializer.Deserialize<TaskTrigger>(json, TaskJson.Options));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<TaskTrigger>("\"cron(\"", TaskJson.Options));
    }

    [Fact]
    public void Cron_TimeZone_FiresAtLocalTime()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var trigger = TaskTrigger.Cron("0 9 * * *", berlin);

        // 09:00 in Berlin in winter is 08:00 UTC, in summer 07:00 UTC.
        Assert.Equal(Utc(2026, 11, 26, 8), trigger.GetNextFireTime(T0));
        Assert.Equal(Utc(2026, 7, 2, 7), trigger.GetNextFireTime(Utc(2026, 7, 1, 12)));
    }

    [Fact]
    public void Cron_SpringForwardGap_FiresOnceAfterTheGap()
    {
        var trigger = TaskTrigger.Cron("30 2 * * *", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        // 2026-03-29: clocks jump from 02:00 to 03:00 CET->CEST; 02:30 does not exist, the run fires at 03:00 local (01:00 UTC).
        var next = trigger.GetNextFireTime(Utc(2026, 3, 28, 12));

        Assert.Equal(Utc(2026, 3, 29, 1), next);
        Assert.Equal(Utc(2026, 3, 30, 0, 30), trigger.GetNextFireTime(next!.Value));
    }

    [Fact]
    public void Cron_FallBackOverlap_FiresOnce()
    {
        var trigger = TaskTrigger.Cron("30 2 * * *", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        // 2026-10-25: 02:30 local happens twice (CEST then CET); the run fires at the first one only.
        var first = trigger.GetNextFireTime(Utc(2026, 10, 24, 12));
        var second = trigger.GetNextFireTime(first!.Value);

        Assert.Equal(Utc(2026, 10, 25, 0, 30), first);
        Assert.Equal(Utc(2026, 10, 26, 1, 30), second);
    }

    [Fact]
    public void Cron_WindowsTimeZoneId_Parses()
    {
        var trigger = TaskTrigger.Parse("cron(0 9 * * *, tz=W. Europe Standard Time)");

        Assert.Equal(Utc(2026, 11, 26, 8), trigger.GetNextFireTime(T0));
        Assert.Equal(trigger.ToString(), TaskTrigger.Parse(trigger.ToString()).ToString());
    }

    [Fact]
    public void Every_WithoutStart_AlignedToEpoch()
    {
        var trigger = TaskTrigger.Every(TimeSpan.FromMinutes(7));

        var next = trigger.GetNextFireTime(T0)!.Value;

        Assert.Equal(0, (next - DateTimeOffset.UnixEpoch).Ticks % TimeSpan.FromMinutes(7).Ticks);
        Assert.True(next > T0 && next <= T0.AddMinutes(7));
        Assert.Equal(next.AddMinutes(7), trigger.GetNextFireTime(next));
    }

    [Fact]
    public void Every_StartAndEnd_FiresFromStartUntilEnd()
    {
        var trigger = TaskTrigger.Every(TimeSpan.FromSeconds(10), start: T0.AddSeconds(3), end: T0.AddSeconds(23));

        Assert.Equal(T0.AddSeconds(3), trigger.GetNextFireTime(T0.AddDays(-1)));
        Assert.Equal(T0.AddSeconds(13), trigger.GetNextFireTime(T0.AddSeconds(3)));
        Assert.Equal(T0.AddSeconds(23), trigger.GetNextFireTime(T0.AddSeconds(14)));
        Assert.Null(trigger.GetNextFireTime(T0.AddSeconds(23)));
    }

    [Fact]
    public void Every_FarFuture_NullInsteadOfOverflow()
    {
        var trigger = TaskTrigger.Every(TimeSpan.FromDays(3650));

        Assert.Null(trigger.GetNextFireTime(DateTimeOffset.MaxValue.AddDays(-1)));
    }

    [Fact]
    public void Every_Jitter_ExposedNotApplied()
    {
        var trigger = TaskTrigger.Every(TimeSpan.FromSeconds(10), jitter: TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(2), trigger.Jitter);
        Assert.Equal(T0.AddSeconds(10), trigger.GetNextFireTime(T0));
    }

    [Fact]
    public void Every_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskTrigger.Every(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskTrigger.Every(TimeSpan.FromSeconds(1), T0, T0.AddSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskTrigger.Every(TimeSpan.FromSeconds(1), jitter: TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void At_FiresOnceThenNoMore()
    {
        var trigger = TaskTrigger.At(T0);

        Assert.Equal(T0, trigger.GetNextFireTime(T0.AddTicks(-1)));
        Assert.Null(trigger.GetNextFireTime(T0));
    }

    [Fact]
    public void Any_EarliestOfParts_LongestJitter()
    {
        var trigger = TaskTrigger.Any(
            TaskTrigger.At(T0.AddMinutes(5)),
            TaskTrigger.Every(TimeSpan.FromHours(1), jitter: TimeSpan.FromSeconds(3)),
            TaskTrigger.At(T0.AddMinutes(90)));

        Assert.Equal(T0.AddMinutes(5), trigger.GetNextFireTime(T0));
        Assert.Equal(T0.AddHours(1), trigger.GetNextFireTime(T0.AddMinutes(5)));
        Assert.Equal(T0.AddMinutes(90), trigger.GetNextFireTime(T0.AddHours(1)));
        Assert.Equal(TimeSpan.FromSeconds(3), trigger.Jitter);
    }

    [Fact]
    public void All_SharedFireTimes()
    {
        // Every 10 minutes AND on weekdays at 9-10 o'clock: 09:00, 09:10, ... on weekdays.
        var trigger = TaskTrigger.All(TaskTrigger.Every(TimeSpan.FromMinutes(10)), TaskTrigger.Cron("*/5 9 * * MON-FRI"));

        Assert.Equal(Utc(2026, 11, 26, 9), trigger.GetNextFireTime(T0));
        Assert.Equal(Utc(2026, 11, 26, 9, 10), trigger.GetNextFireTime(Utc(2026, 11, 26, 9)));
        // Friday 09:50 -> Monday 09:00.
        Assert.Equal(Utc(2026, 11, 30, 9), trigger.GetNextFireTime(Utc(2026, 11, 27, 9, 50)));
    }

    [Fact]
    public void All_PartsNeverMeet_Null()
    {
        var trigger = TaskTrigger.All(TaskTrigger.Cron("0 * * * *"), TaskTrigger.Cron("30 * * * *"));

        Assert.Null(trigger.GetNextFireTime(T0));
    }

    [Fact]
    public void All_PartEnds_Null()
    {
        var trigger = TaskTrigger.All(TaskTrigger.Every(TimeSpan.FromMinutes(1)), TaskTrigger.At(T0.AddMinutes(3)));

        Assert.Equal(T0.AddMinutes(3), trigger.GetNextFireTime(T0));
        Assert.Null(trigger.GetNextFireTime(T0.AddMinutes(3)));
    }

    [Theory]
    [InlineData("cron(0 9 * * MON-FRI)")]
    [InlineData("cron(0 9,17 * * *, tz=Europe/Berlin)")]
    [InlineData("cron(*/5 * * * * *)")]
    [InlineData("every(00:00:10)")]
    [InlineData("every(1.00:00:00, start=2026-01-01T00:00:00Z, end=2026-12-31T00:00:00.5Z, jitter=00:00:02)")]
    [InlineData("every(00:10:00, start=2026-01-01T09:00:00+01:00)")]
    [InlineData("at(2026-12-01T09:00:00Z)")]
    [InlineData("cron(0 9 * * *) or every(01:00:00)")]
    [InlineData("cron(0 9 * * *) and every(01:00:00) or at(2026-12-01T09:00:00Z)")]
    [InlineData("(cron(0 9 * * *) or at(2026-12-01T09:00:00Z)) and every(01:00:00)")]
    public void Parse_CanonicalExpression_RoundTrips(string expression)
    {
        var trigger = TaskTrigger.Parse(expression);

        Assert.Equal(expression, trigger.ToString());
        Assert.Equal(trigger, TaskTrigger.Parse(trigger.ToString()));
    }

    [Fact]
    public void Parse_LooseSpacingAndCase_Normalized()
    {
        var trigger = TaskTrigger.Parse("  EVERY( 00:00:10 ,JITTER=00:00:01 )   OR\tcron(  0  9 * * * )");

        Assert.Equal("every(00:00:10, jitter=00:00:01) or cron(0 9 * * *)", trigger.ToString());
    }

    [Fact]
    public void Parse_AndBindsTighterThanOr()
    {
        // a or b and c = a or (b and c): "a" alone fires.
        var trigger = TaskTrigger.Parse("at(2026-11-25T18:05:00Z) or every(00:01:00) and at(2026-11-25T19:00:00Z)");

        Assert.Equal(T0.AddMinutes(5), trigger.GetNextFireTime(T0));
        Assert.Equal(T0.AddHours(1), trigger.GetNextFireTime(T0.AddMinutes(5)));
    }

    [Fact]
    public void Parse_Parentheses_Group()
    {
        // (a or b) and c: only c's times that a or b share.
        var trigger = TaskTrigger.Parse("(at(2026-11-25T18:05:00Z) or at(2026-11-25T19:00:00Z)) and every(01:00:00)");

        Assert.Equal(T0.AddHours(1), trigger.GetNextFireTime(T0));
    }

    [Fact]
    public void Parse_DateWithoutOffset_IsUtc()
    {
        var trigger = TaskTrigger.Parse("at(2026-12-01T09:00:00)");

        Assert.Equal(Utc(2026, 12, 1, 9), trigger.GetNextFireTime(T0));
    }

    [Theory]
    [InlineData("", "position 0")]
    [InlineData("hourly(1)", "position 0")]
    [InlineData("cron(0 9 * * *", "')' closing cron(")]
    [InlineData("cron(0 9 * * *) xor at(2026-01-01T00:00:00Z)", "position 16")]
    [InlineData("(every(00:00:10)", "')'")]
    [InlineData("every(10 seconds)", "not an interval")]
    [InlineData("every(00:00:10, stop=2026-01-01T00:00:00Z)", "unknown option 'stop'")]
    [InlineData("every(00:00:10, start=yesterday)", "start 'yesterday'")]
    [InlineData("at(soon)", "time 'soon'")]
    [InlineData("cron(0 9 * * *, tz=Mars/Olympus)", "Unknown time zone 'Mars/Olympus'")]
    [InlineData("cron(0 9 * *)", "4 fields")]
    [InlineData("every(00:00:10) or", "position 18")]
    public void Parse_BadExpression_FormatExceptionSaysWhereAndWhat(string expression, string expected)
    {
        var e = Assert.Throws<FormatException>(() => TaskTrigger.Parse(expression));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
