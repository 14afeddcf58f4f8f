using Microsoft.Extensions.Configuration;
using Serverless.Host.Timers.Scheduling;

namespace Serverless.Host.Timers.Tests.Scheduling;

public sealed class TimerScheduleParserTests
{
    private static readonly DateTime Now = new(2026, 3, 10, 14, 7, 23, 500, DateTimeKind.Utc);

    [Theory]
    [InlineData("0 */5 * * * *", "2026-03-10T14:10:00")]
    [InlineData("*/15 * * * * *", "2026-03-10T14:07:30")]
    [InlineData("0 30 9 * * *", "2026-03-11T09:30:00")]
    [InlineData("0 30 9 * * 1-5", "2026-03-11T09:30:00")]
    [InlineData("0 30 9 * Jan Mon", "2027-01-04T09:30:00")]
    [InlineData("5,8,10 * * * * *", "2026-03-10T14:08:05")]
    public void Parse_SixFieldNcrontab_NextOccurrenceHonoursSeconds(string expression, string expected)
    {
        var schedule = TimerScheduleParser.Parse(expression, TimeZoneInfo.Utc);

        Assert.IsType<CronTimerSchedule>(schedule);
        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), schedule.GetNextOccurrence(Now));
    }

    [Theory]
    [InlineData("*/5 * * * *", "2026-03-10T14:10:00")]
    [InlineData("0 * * * *", "2026-03-10T15:00:00")]
    [InlineData("30 9 * * *", "2026-03-11T09:30:00")]
    public void Parse_FiveFieldCron_NextOccurrenceOnWholeMinutes(string expression, string expected)
    {
        var schedule = TimerScheduleParser.Parse(expression, TimeZoneInfo.Utc);

        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), schedule.GetNextOccurrence(Now));
    }

    [Fact]
    public void Parse_Occurrence_IsStrictlyAfterTheGivenTime()
    {
        var schedule = TimerScheduleParser.Parse("0 */5 * * * *", TimeZoneInfo.Utc);
        var occurrence = new DateTime(2026, 3, 10, 14, 10, 0, DateTimeKind.Utc);

        Assert.Equal(occurrence.AddMinutes(5), schedule.GetNextOccurrence(occurrence));
        Assert.Equal(DateTimeKind.Utc, schedule.GetNextOccurrence(occurrence).Kind);
    }

    [Theory]
    [InlineData("00:00:30", 30)]
    [InlineData("01:00:00", 3600)]
    [InlineData("1.00:00:00", 86400)]
    public void Parse_TimeSpan_IsFixedIntervalFromTheGivenTime(string expression, int seconds)
    {
        var schedule = TimerScheduleParser.Parse(expression, TimeZoneInfo.Utc);

        Assert.IsType<IntervalTimerSchedule>(schedule);
        Assert.Equal(Now.AddSeconds(seconds), schedule.GetNextOccurrence(Now));
    }

    [Theory]
    [InlineData("0 */5 * * *  * *")]
    [InlineData("61 * * * * *")]
    [InlineData("not a schedule")]
    [InlineData("* * *")]
    [InlineData("00:00:00")]
    [InlineData("")]
    public void Parse_Invalid_ThrowsFormatException(string expression)
    {
        Assert.Throws<FormatException>(() => TimerScheduleParser.Parse(expression, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("* * * * * *", true)]
    [InlineData("*/30 * * * * *", true)]
    [InlineData("0 * * * * *", false)]
    [InlineData("0 */5 * * * *", false)]
    [InlineData("00:00:59", true)]
    [InlineData("00:01:00", false)]
    public void IsSubMinute_MoreThanOneOccurrenceAMinute_True(string expression, bool expected)
    {
        Assert.Equal(expected, TimerScheduleParser.Parse(expression, TimeZoneInfo.Utc).IsSubMinute(Now));
    }

    [Fact]
    public void GetNextOccurrences_Five_AreConsecutive()
    {
        var schedule = TimerScheduleParser.Parse("0 0 * * * *", TimeZoneInfo.Utc);

        var occurrences = schedule.GetNextOccurrences(5, Now);

        Assert.Equal(Enumerable.Range(1, 5).Select(h => new DateTime(2026, 3, 10, 14, 0, 0, DateTimeKind.Utc).AddHours(h)), occurrences);
    }

    [Theory]
    [InlineData("WEBSITE_TIME_ZONE", "Eastern Standard Time")]
    [InlineData("WEBSITE_TIME_ZONE", "America/New_York")]
    [InlineData("TZ", "America/New_York")]
    public void Resolve_TimeZoneSetting_CronRunsInThatZoneIncludingDaylightSaving(string setting, string zone)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = zone }).Build();
        var schedule = TimerScheduleParser.Parse("0 0 10 * * *", TimerTimeZone.Resolve(configuration));

        // 10:00 in New York is 15:00 UTC in winter (EST) and 14:00 UTC in summer (EDT); DST starts 2026-03-08.
        Assert.Equal(new DateTime(2026, 1, 15, 15, 0, 0, DateTimeKind.Utc), schedule.GetNextOccurrence(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 3, 11, 14, 0, 0, DateTimeKind.Utc), schedule.GetNextOccurrence(Now));
    }

    [Fact]
    public void Resolve_NoSetting_IsUtc()
    {
        Assert.Equal(TimeZoneInfo.Utc, TimerTimeZone.Resolve(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public void Resolve_WebsiteTimeZoneWinsOverTz()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WEBSITE_TIME_ZONE"] = "Asia/Tokyo",
            ["TZ"] = "America/New_York",
        }).Build();

        Assert.Equal(TimeSpan.FromHours(9), TimerTimeZone.Resolve(configuration).BaseUtcOffset);
    }

    [Fact]
    public void Resolve_UnknownZone_ThrowsNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WEBSITE_TIME_ZONE"] = "Mars/Olympus" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => TimerTimeZone.Resolve(configuration));
        Assert.Contains("WEBSITE_TIME_ZONE", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus", error.Message, StringComparison.Ordinal);
    }
}
