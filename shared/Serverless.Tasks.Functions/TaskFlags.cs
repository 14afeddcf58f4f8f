namespace Serverless.Tasks.Functions;

/// <summary>A task's options in words, for the start log and the HTTP API: resources, chain, delivery.</summary>
internal static class TaskFlags
{
    public static string Describe(TaskDefinition task)
    {
        List<string> flags = [];
        if (task.CpuBound is { } cpu)
        {
            flags.Add($"CPU-bound (cpus {cpu.Cpus}, memory {cpu.MemoryGiB} GiB, ranks {cpu.Ranks}, nodes {cpu.Nodes})");
        }

        if (task.Opportunistic)
        {
            flags.Add("opportunistic");
        }

        if (task.IsLifecycle)
        {
            flags.Add("lifecycle");
        }

        if (task.RunBefore.Count > 0)
        {
            flags.Add($"runs after {string.Join(", ", task.RunBefore)}");
        }

        if (task.RunAfter is { } next)
        {
            flags.Add($"then {next}");
        }

        flags.Add(task.AtMostOnce ? "at-most-once" : $"retries {(task.MaxRetries == int.MaxValue ? "always" : task.MaxRetries)}");
        return string.Join(", ", flags);
    }
}
