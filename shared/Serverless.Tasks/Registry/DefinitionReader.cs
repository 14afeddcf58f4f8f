using System.Text.Json;
using System.Text.RegularExpressions;

namespace Serverless.Tasks.Registry;

/// <summary>Checks one declaration's options and builds its <see cref="TaskDefinition"/>; every problem names the task and option.</summary>
internal static partial class DefinitionReader
{
    public static TaskDefinition Read(TaskDeclaration d, LifecycleTasks lifecycles, List<string> problems)
    {
        var subject = d.Subject;
        problems.AddRange(d.Problems);
        var o = d.Attribute is { } attribute ? AttributeReader.Read(attribute, subject, problems) : d.Options ?? new TaskOptions();
        var defaults = d.Attribute is not null ? ReadJson(d.Attribute.DefaultParameters, subject, problems) : Serialize(o.DefaultParameters, subject, problems);

        if (!NamePattern().IsMatch(d.Name))
        {
            problems.Add($"Task '{d.Name}' ({d.DeclaredAt}): Name must be 1-100 letters, digits, '-', '_' or '.'.");
        }

        var ns = (o.Namespace ?? "").ToLowerInvariant();
        if (!NamespacePattern().IsMatch(ns))
        {
            problems.Add($"{subject}: Namespace '{o.Namespace}' must be 1-30 letters, digits or '-'.");
        }

        Check(o.Priority is >= TaskPriority.Low and <= TaskPriority.Max, subject, "Priority", o.Priority, "must be 0 (Low) to 3 (Critical)", problems);
        Check(o.MisfireGraceTime is null || o.MisfireGraceTime > TimeSpan.Zero, subject, "MisfireGraceTime", o.MisfireGraceTime, "must be more than zero", problems);
        Check(o.MaxInstances >= 0, subject, "MaxInstances", o.MaxInstances, "must be 0 (unlimited) or more", problems);
        Check(o.MaxConcurrency >= 0, subject, "MaxConcurrency", o.MaxConcurrency, "must be 0 (unlimited) or more", problems);
        Check(o.MaxRetries >= 0, subject, "MaxRetries", o.MaxRetries, "must be 0 (at-most-once) or more", problems);
        Check(Enum.IsDefined(o.RetryPolicy), subject, "RetryPolicy", o.RetryPolicy, "is not a known policy", problems);
        Check(o.RetryDelay > TimeSpan.Zero, subject, "RetryDelay", o.RetryDelay, "must be more than zero", problems);
        Check(o.MaxRetryDelay >= o.RetryDelay, subject, "MaxRetryDelay", o.MaxRetryDelay, $"must be at least RetryDelay ({o.RetryDelay})", problems);
        Check(o.Timeout > TimeSpan.Zero, subject, "Timeout", o.Timeout, "must be more than zero", problems);
        Check(o.MemoryGiB > 0, subject, "MemoryGiB", o.MemoryGiB, "must be more than zero", problems);
        if (o.CpuBound is { } r)
        {
            Check(r.Cpus > 0, subject, "Cpus", r.Cpus, "must be more than zero", problems);
            Check(r.MemoryGiB > 0, subject, "MemoryGiB", r.MemoryGiB, "must be more than zero", problems);
            Check(r.Ranks >= 1, subject, "Ranks", r.Ranks, "must be 1 or more", problems);
            Check(r.Nodes >= 1 && r.Nodes <= Math.Max(r.Ranks, 1), subject, "Nodes", r.Nodes, $"must be 1 to Ranks ({r.Ranks})", problems);
            if (d.NeedsInstance)
            {
                problems.Add($"{subject}: CpuBound needs a static method: a CPU-bound run executes as a job, without the host's services to build the class.");
            }

            if (d.Lifecycle is not null)
            {
                problems.Add($"{subject}: CpuBound is not possible for a lifecycle task: its state lives in the host.");
            }
        }

        if (o.OnFailure is not null && string.Equals(o.OnFailure, d.Name, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{subject}: OnFailure names the task itself; a failure handler must be another task.");
        }

        var holder = new DefinitionRef();
        var invoker = d.CreateInvoker?.Invoke(holder, lifecycles)
            ?? ((_, _, _, _, _, _) => throw new InvalidOperationException($"{subject} has no invoker."));
        var definition = new TaskDefinition(d.Name, d.DeclaredAt, invoker)
        {
            Namespace = ns,
            Priority = o.Priority,
            Trigger = o.Trigger,
            MisfireGraceTime = o.MisfireGraceTime,
            Coalesce = o.Coalesce,
            MaxInstances = o.MaxInstances,
            MaxConcurrency = o.MaxConcurrency,
            MaxRetries = o.RetryPolicy switch
            {
                TaskRetryPolicy.Never => 0,
                TaskRetryPolicy.RetryOnce => 1,
                TaskRetryPolicy.RetryAlways => int.MaxValue,
                _ => o.MaxRetries,
            },
            RetryDelay = o.RetryDelay,
            MaxRetryDelay = o.MaxRetryDelay,
            RetryJitter = o.RetryJitter,
            OnFailure = o.OnFailure,
            RunBefore = [.. o.RunBefore],
            RunAfter = o.RunAfter,
            DefaultParameters = defaults ?? (d.ParametersType is null ? null : "{}"),
            Timeout = o.Timeout,
            CpuBound = o.CpuBound,
            Opportunistic = o.Opportunistic,
            MemoryGiB = o.MemoryGiB,
            ParametersType = d.ParametersType,
            ResultType = d.ResultType,
            IsLifecycle = d.Lifecycle is not null,
        };
        holder.Value = definition;

        if (defaults is not null)
        {
            CheckDefaults(definition, "DefaultParameters are not valid", problems);
        }

        return definition;
    }

    /// <summary>Adds a problem when the task's default parameters do not pass its parameter validation.</summary>
    public static void CheckDefaults(TaskDefinition task, string what, List<string> problems)
    {
        try
        {
            task.ValidateParameters(null);
        }
        catch (TaskParametersException e)
        {
            problems.Add($"Task '{task.Name}' ({task.DeclaredAt}): {what} for {task.ParametersType?.Name}: " +
                string.Join("; ", e.Errors.Select(x => $"{x.Key}: {string.Join(" ", x.Value)}")));
        }
    }

    private static void Check<T>(bool ok, string subject, string option, T value, string rule, List<string> problems)
    {
        if (!ok)
        {
            problems.Add($"{subject}: {option} {value} {rule}.");
        }
    }

    private static string? ReadJson(string? json, string subject, List<string> problems)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.GetRawText();
        }
        catch (JsonException e)
        {
            problems.Add($"{subject}: DefaultParameters is not valid JSON: {e.Message}");
            return null;
        }
    }

    private static string? Serialize(object? value, string subject, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Serialize(value, value.GetType(), TaskJson.Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            problems.Add($"{subject}: DefaultParameters cannot be serialized: {e.Message}");
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9-]{1,30}$")]
    private static partial Regex NamespacePattern();
}
