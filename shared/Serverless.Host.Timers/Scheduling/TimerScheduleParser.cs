using System.Globalization;
using Cronos;

namespace Serverless.Host.Timers.Scheduling;

/// <summary>
/// Parses a [TimerTrigger] schedule as Functions does: a cron expression (6 fields NCRONTAB with seconds, or 5 fields),
/// else a TimeSpan ("hh:mm:ss"; "24:00:00" and above read as "dd:hh:mm" as TimeSpan.Parse reads them).
/// </summary>
internal static class TimerScheduleParser
{
    public const string Expected =
        "expected a 6-field NCRONTAB expression with seconds ('0 */5 * * * *'), a 5-field cron expression ('*/5 * * * *') or a TimeSpan ('00:05:00')";

    /// <summary>The schedule, or a FormatException that says what is wrong with the expression.</summary>
    public static TimerSchedule Parse(string expression, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 5 or 6)
        {
            try
            {
                var cron = CronExpression.Parse(string.Join(' ', fields), fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
                return new CronTimerSchedule(cron, text, timeZone);
            }
            catch (CronFormatException ex)
            {
                throw new FormatException($"not a valid {fields.Length}-field cron expression ({ex.Message})", ex);
            }
        }

        if (fields.Length == 1 && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval))
        {
            return interval > TimeSpan.Zero
                ? new IntervalTimerSchedule(interval)
                : throw new FormatException("a TimeSpan schedule must be longer than zero");
        }

        throw new FormatException(fields.Length == 0 ? "the schedule is empty" : $"it has {fields.Length} field(s) and is not a TimeSpan");
    }
}
