using System.Globalization;

namespace Serverless.Tasks.Triggers;

/// <summary>How trigger expressions write and read time spans and dates (invariant, round-trippable).</summary>
internal static class TriggerFormat
{
    public static string Span(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset value) => value.Offset == TimeSpan.Zero
        ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
        : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static bool TryParseSpan(string text, out TimeSpan value) =>
        TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out value);

    /// <summary>An ISO 8601 date and time; without an offset it is UTC.</summary>
    public static bool TryParseDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    /// <summary>A time zone by IANA or Windows id.</summary>
    public static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"Unknown time zone '{id.Trim()}': expected an IANA id (Europe/Berlin) or a Windows id (W. Europe Standard Time).", e);
        }
    }
}
