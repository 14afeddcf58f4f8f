using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Serverless.Tasks.Functions.Http;

/// <summary>
/// Reads GET runs' query: task, status (comma-separated and/or repeated, case-insensitive), from and to
/// (ISO 8601 creation times; without an offset UTC), top (1-1000, default 100). A bad value answers 400 naming it.
/// </summary>
internal static class RunQueryParser
{
    public const int MaxTop = 1000;

    public static (TaskRunQuery? Query, TaskApiResult? Error) Parse(IQueryCollection query)
    {
        var statuses = new List<TaskRunStatus>();
        foreach (var part in query["status"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<TaskRunStatus>(part, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(part, out _))
            {
                return (null, TaskApiResults.BadRequest(
                    $"status '{part}' is not a run status; use one or more (comma-separated) of {string.Join(", ", Enum.GetNames<TaskRunStatus>())}.",
                    "parameter", "status"));
            }

            statuses.Add(status);
        }

        if (!TryTime(query, "from", out var from, out var error) || !TryTime(query, "to", out var to, out error))
        {
            return (null, error);
        }

        var top = 100;
        if (query["top"].ToString() is { Length: > 0 } topText && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxTop))
        {
            return (null, TaskApiResults.BadRequest($"top must be a number from 1 to {MaxTop}, not '{topText}'.", "parameter", "top"));
        }

        var task = query["task"].ToString();
        return (new TaskRunQuery
        {
            Task = task.Length == 0 ? null : task,
            Statuses = statuses.Count == 0 ? null : statuses.Distinct().ToList(),
            CreatedFrom = from,
            CreatedTo = to,
            Top = top,
        }, null);
    }

    private static bool TryTime(IQueryCollection query, string name, out DateTimeOffset? value, out TaskApiResult? error)
    {
        value = null;
        error = null;
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = TaskApiResults.BadRequest(
            $"{name} must be an ISO 8601 time such as 2026-11-25T18:00:00Z, not '{text}' (write an offset's '+' as %2B).", "parameter", name);
        return false;
    }
}
