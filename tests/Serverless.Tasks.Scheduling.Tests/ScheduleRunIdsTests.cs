namespace Serverless.Tasks.Scheduling.Tests;

public sealed class ScheduleRunIdsTests
{
    [Fact]
    public void For_DueTime_IsScheduleIdAtUtcTimeToTheMillisecond()
    {
        var due = new DateTimeOffset(2026, 11, 25, 19, 30, 0, 123, TimeSpan.FromHours(1));

        Assert.Equal("nightly@20261125T183000123Z", ScheduleRunIds.For("nightly", due));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a@b")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    public void Validate_BadId_ThrowsNamingIt(string id)
    {
        var ex = Assert.Throws<ArgumentException>(() => ScheduleRunIds.Validate(id));

        Assert.Contains($"'{id}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LongestId_ItsFiringAndOnFailureRunIdsAreValidRunIds()
    {
        var id = new string('s', ScheduleRunIds.MaxIdLength);
        ScheduleRunIds.Validate(id);

        var runId = ScheduleRunIds.For(id, new DateTimeOffset(2026, 11, 25, 19, 30, 0, TimeSpan.Zero));
        Runtime.TaskRunIds.Validate(runId);
        Runtime.TaskRunIds.Validate(Runtime.TaskRunIds.OnFailure(runId));
        Assert.Equal(200, Runtime.TaskRunIds.OnFailure(runId).Length);
    }

    [Fact]
    public void Validate_IdOneLongerThanTheLongest_ThrowsNamingTheLimit()
    {
        var ex = Assert.Throws<ArgumentException>(() => ScheduleRunIds.Validate(new string('s', ScheduleRunIds.MaxIdLength + 1)));

        Assert.Contains("1 to 169 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TaskLikeId_Passes() => ScheduleRunIds.Validate("etl.nightly-run_2");
}
