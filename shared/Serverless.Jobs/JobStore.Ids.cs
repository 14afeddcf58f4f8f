using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Jobs;

/// <summary>Job ids: what is valid, and a stable id from an orchestration's instance and task.</summary>
public sealed partial class JobStore
{
    /// <summary>Job ids name blobs and Container Apps env values: 1-64 letters, digits, '-' or '_'.</summary>
    public static bool IsValidJobId(string jobId) => jobId is not null && JobIdPattern().IsMatch(jobId);

    /// <summary>
    /// A valid job id made of <paramref name="parts"/> (for example an orchestration instance id and the task's event id),
    /// the same for the same parts: characters outside letters, digits, '-' and '_' become '_', and an id longer than
    /// 64 characters keeps its start and ends with a hash of the whole.
    /// </summary>
    public static string JobIdFor(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var joined = string.Join('-', parts);
        var id = new string(joined.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        if (id.Length == 0)
        {
            throw new ArgumentException("A job id needs at least one non-empty part.", nameof(parts));
        }

        if (id.Length <= 64)
        {
            return id;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..16];
        return $"{id[..47]}-{hash}";
    }

    internal static void RequireJobId(string jobId)
    {
        if (!IsValidJobId(jobId))
        {
            throw new ArgumentException(
                $"Job id '{jobId}' is not valid: expected 1-64 characters of letters, digits, '-' or '_'.", nameof(jobId));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex JobIdPattern();
}
