using System.Globalization;
using Serverless.Tasks.Runtime;

namespace Serverless.Tasks.Scheduling;

/// <summary>Run ids of firings and the rules for schedule ids.</summary>
internal static class ScheduleRunIds
{
    /// <summary>
    /// The longest schedule id, 169: a firing's run id adds "@yyyyMMddTHHmmssfffZ" (20 characters) and a failed run's
    /// on-failure run adds ".on-failure" (11) to that, and a run id has at most <see cref="TaskRunIds.MaxLength"/> (200).
    /// </summary>
    public const int MaxIdLength = TaskRunIds.MaxLength - FiringSuffixLength - OnFailureSuffixLength;

    private const int FiringSuffixLength = 20;
    private const int OnFailureSuffixLength = 11;

    /// <summary>
    /// The deterministic run id of a firing, "{scheduleId}@{dueTime:yyyyMMddTHHmmssfffZ}" (UTC): a firing repeated after a
    /// crash enqueues the same run id, which the client treats as a no-op.
    /// </summary>
    public static string For(string scheduleId, DateTimeOffset dueTime) =>
        scheduleId + "@" + dueTime.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Throws <see cref="ArgumentException"/> naming the id when it cannot be a table row key.</summary>
    public static void Validate(string scheduleId)
    {
        ArgumentNullException.ThrowIfNull(scheduleId);
        if (scheduleId.Length is 0 or > MaxIdLength)
        {
            throw new ArgumentException($"Schedule id '{scheduleId}' must have 1 to {MaxIdLength} characters.", nameof(scheduleId));
        }

        foreach (var c in scheduleId)
        {
            if (c is '/' or '\\' or '#' or '?' or '@' || char.IsControl(c))
            {
                throw new ArgumentException(
                    $"Schedule id '{scheduleId}' contains '{(char.IsControl(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c)}': " +
                    "ids cannot contain '/', '\\', '#', '?', '@' or control characters.", nameof(scheduleId));
            }
        }
    }
}
