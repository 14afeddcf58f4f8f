using Microsoft.Extensions.Logging;

namespace Serverless.Functions.Tests;

public sealed class HousekeepingTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void Run_PastDueOrOnTime_WarnsOnlyWhenLate(bool pastDue, int warnings)
    {
        var logger = new RecordingLogger<Housekeeping>();

        new Housekeeping(logger).Run(Timers.Info(pastDue));

        Assert.Equal(warnings, logger.Entries.Count(entry => entry.Level == LogLevel.Warning));
        Assert.Contains(logger.Entries, entry => entry.Level == LogLevel.Information);
    }
}
