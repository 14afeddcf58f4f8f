using Serverless.Tasks.Triggers;

namespace Serverless.Tasks.Registry;

/// <summary>Turns a <see cref="TaskAttribute"/>'s text options into <see cref="TaskOptions"/>, naming each option that does not parse.</summary>
internal static class AttributeReader
{
    public static TaskOptions Read(TaskAttribute a, string subject, List<string> problems)
    {
        var options = new TaskOptions
        {
            Namespace = a.Namespace,
            Priority = a.Priority,
            Trigger = ReadTrigger(a, subject, problems),
            Coalesce = a.Coalesce,
            MaxInstances = a.MaxInstances,
            MaxConcurrency = a.MaxConcurrency,
            MaxRetries = a.MaxRetries,
            RetryPolicy = a.RetryPolicy,
            RetryJitter = a.RetryJitter,
            OnFailure = a.OnFailure,
            RunAfter = a.RunAfter,
            Opportunistic = a.Opportunistic,
            MemoryGiB = a.MemoryGiB,
        };
        options.MisfireGraceTime = a.MisfireGraceTime is null ? null : Span(nameof(a.MisfireGraceTime), a.MisfireGraceTime, subject, problems);
        options.RetryDelay = Span(nameof(a.RetryDelay), a.RetryDelay, subject, problems) ?? TaskDefaults.RetryDelay;
        options.MaxRetryDelay = Span(nameof(a.MaxRetryDelay), a.MaxRetryDelay, subject, problems) ?? TaskDefaults.MaxRetryDelay;
        options.Timeout = Span(nameof(a.Timeout), a.Timeout, subject, problems) ?? TaskDefaults.Timeout;
        foreach (var before in a.RunBefore ?? [])
        {
            options.RunBefore.Add(before);
        }

        if (a.CpuBound)
        {
            options.CpuBound = new TaskResources(a.Cpus, a.MemoryGiB, a.Ranks, a.Nodes);
        }
        else
        {
            Unused(a.Cpus != 1, nameof(a.Cpus), nameof(a.CpuBound), subject, problems);
            Unused(a.Ranks != 1, nameof(a.Ranks), nameof(a.CpuBound), subject, problems);
            Unused(a.Nodes != 1, nameof(a.Nodes), nameof(a.CpuBound), subject, problems);
        }

        return options;
    }

    private static TaskTrigger? ReadTrigger(TaskAttribute a, string subject, List<string> problems)
    {
        var set = new[] { (nameof(a.Cron), a.Cron), (nameof(a.Every), a.Every), (nameof(a.At), a.At), (nameof(a.Trigger), a.Trigger) }
            .Where(o => o.Item2 is not null).Select(o => o.Item1).ToList();
        if (set.Count > 1)
        {
            problems.Add($"{subject}: only one of Cron, Every, At and Trigger may be set (found {string.Join(", ", set)}); combine triggers with Trigger = \"... or ...\".");
            return null;
        }

        Unused(a.TimeZone is not null && a.Cron is null, nameof(a.TimeZone), nameof(a.Cron), subject, problems);
        Unused(a.StartAt is not null && a.Every is null, nameof(a.StartAt), nameof(a.Every), subject, problems);
        Unused(a.EndAt is not null && a.Every is null, nameof(a.EndAt), nameof(a.Every), subject, problems);
        Unused(a.Jitter is not null && a.Every is null, nameof(a.Jitter), nameof(a.Every), subject, problems);
        try
        {
            if (a.Cron is not null)
            {
                TimeZoneInfo? zone = null;
                try
                {
                    zone = a.TimeZone is null ? null : TriggerFormat.FindZone(a.TimeZone);
                }
                catch (FormatException e)
                {
                    problems.Add($"{subject}: TimeZone is not valid: {e.Message}");
                }

                return TaskTrigger.Cron(a.Cron, zone);
            }

            if (a.Every is not null)
            {
                if (!TriggerFormat.TryParseSpan(a.Every, out var interval))
                {
                    problems.Add($"{subject}: Every '{a.Every}' is not a time span (expected hh:mm:ss or d.hh:mm:ss).");
                    return null;
                }

                var start = a.StartAt is null ? null : Date(nameof(a.StartAt), a.StartAt, subject, problems);
                var end = a.EndAt is null ? null : Date(nameof(a.EndAt), a.EndAt, subject, problems);
                var jitter = a.Jitter is null ? null : Span(nameof(a.Jitter), a.Jitter, subject, problems, allowZero: true);
                return TaskTrigger.Every(interval, start, end, jitter);
            }

            if (a.At is not null)
            {
                return Date(nameof(a.At), a.At, subject, problems) is { } at ? TaskTrigger.At(at) : null;
            }

            return a.Trigger is null ? null : TaskTrigger.Parse(a.Trigger);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            problems.Add($"{subject}: {set[0]} is not valid: {e.Message}");
            return null;
        }
    }

    private static void Unused(bool unused, string option, string needs, string subject, List<string> problems)
    {
        if (unused)
        {
            problems.Add($"{subject}: {option} applies to {needs} only; set {needs} or remove {option}.");
        }
    }

    private static TimeSpan? Span(string option, string? text, string subject, List<string> problems, bool allowZero = false)
    {
        if (text is null)
        {
            return null;
        }

        if (!TriggerFormat.TryParseSpan(text, out var value))
        {
            problems.Add($"{subject}: {option} '{text}' is not a time span (expected hh:mm:ss or d.hh:mm:ss).");
            return null;
        }

        if (value < TimeSpan.Zero || (value == TimeSpan.Zero && !allowZero))
        {
            problems.Add($"{subject}: {option} '{text}' must be {(allowZero ? "zero or more" : "more than zero")}.");
            return null;
        }

        return value;
    }

    private static DateTimeOffset? Date(string option, string text, string subject, List<string> problems)
    {
        if (TriggerFormat.TryParseDate(text, out var value))
        {
            return value;
        }

        problems.Add($"{subject}: {option} '{text}' is not an ISO 8601 date and time (2026-12-01T09:00:00Z).");
        return null;
    }
}
