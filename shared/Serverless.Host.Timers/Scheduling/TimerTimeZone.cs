using Microsoft.Extensions.Configuration;

namespace Serverless.Host.Timers.Scheduling;

/// <summary>
/// The time zone cron schedules are evaluated in: UTC unless WEBSITE_TIME_ZONE (Azure Functions' app setting; a
/// Windows name like "Eastern Standard Time" or an IANA name like "America/New_York") or else TZ (an IANA name, as on
/// Linux) is set.
/// </summary>
internal static class TimerTimeZone
{
    public static readonly string[] SettingNames = ["WEBSITE_TIME_ZONE", "TZ"];

    public static TimeZoneInfo Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var setting in SettingNames)
        {
            var value = configuration[setting]?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            // TZ=":Europe/Paris" is the POSIX spelling of a zone file name.
            var id = value.TrimStart(':');
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new InvalidOperationException(
                    $"Setting '{setting}' is '{value}': not a known time zone (use a Windows name like 'Eastern Standard Time' or an IANA name like 'America/New_York').", ex);
            }
        }

        return TimeZoneInfo.Utc;
    }
}
