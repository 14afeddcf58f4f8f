using System.Globalization;
using System.Security.Cryptography;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// Run ids: new ids sort by creation time ("20261125T183000123Z-" + 8 random hex characters); a schedule's firing has
/// the deterministic id "{scheduleId}@{dueTime:yyyyMMddTHHmmssfffZ}", so firing twice after a crash enqueues once.
/// </summary>
internal static class TaskRunIds
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>The longest run id (the run's table PartitionKey and blob names derive from it).</summary>
    public const int MaxLength = 200;

    public static string New(TimeProvider time) =>
        time.GetUtcNow().UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "-" +
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public static string ForFiring(string scheduleId, DateTimeOffset dueTime) =>
        $"{scheduleId}@{dueTime.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}";

    /// <summary>The run of the on-failure task for a failed run.</summary>
    public static string OnFailure(string runId) => runId + ".on-failure";

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="runId"/> cannot be a run id.</summary>
    public static void Validate(string runId)
    {
        if (string.IsNullOrWhiteSpace(runId) || runId.Length > MaxLength ||
            runId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            throw new ArgumentException(
                $"Run id '{runId}' is not valid: 1-{MaxLength} characters without '/', '\\', '#', '?' or control characters.",
                nameof(runId));
        }
    }
}
