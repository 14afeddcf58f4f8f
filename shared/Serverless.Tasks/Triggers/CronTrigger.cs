using Cronos;

namespace Serverless.Tasks.Triggers;

/// <summary>A cron schedule (Cronos): 5 fields from the minute, or 6 from the second, in a time zone.</summary>
internal sealed class CronTrigger : TaskTrigger
{
    private readonly CronExpression _cron;

    public CronTrigger(string expression, TimeZoneInfo? timeZone)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        Expression = string.Join(' ', fields);
        var format = fields.Length switch
        {
            1 when fields[0].StartsWith('@') => CronFormat.Standard,
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            _ => throw new FormatException(
                $"Cron expression '{expression}' has {fields.Length} fields: expected 5 (minute hour day month weekday) or 6 (second first)."),
        };
        try
        {
            _cron = CronExpression.Parse(Expression, format);
        }
        catch (CronFormatException e)
        {
            throw new FormatException($"Cron expression '{expression}' is not valid: {e.Message}", e);
        }

        TimeZone = timeZone ?? TimeZoneInfo.Utc;
    }

    public string Expression { get; }

    public TimeZoneInfo TimeZone { get; }

    private bool IsUtc => TimeZone == TimeZoneInfo.Utc || TimeZone.Id == TimeZoneInfo.Utc.Id;

    public override DateTimeOffset? GetNextFireTime(DateTimeOffset after) =>
        _cron.GetNextOccurrence(after, TimeZone, inclusive: false);

    public override string ToString() => IsUtc ? $"cron({Expression})" : $"cron({Expression}, tz={TimeZone.Id})";
}
