using System.Text.Json;

namespace Serverless.Tasks.Registry;

/// <summary>The checks across tasks: unique names, known references, an acyclic dependency graph, compatible RunAfter types.</summary>
internal static class CatalogChecks
{
    public static void Check(IReadOnlyList<TaskDefinition> tasks, List<string> problems)
    {
        var byName = new Dictionary<string, TaskDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var task in tasks)
        {
            if (byName.TryGetValue(task.Name, out var first))
            {
                problems.Add($"Task '{task.Name}' is declared twice: at {first.DeclaredAt} and at {task.DeclaredAt}; task names are unique (case-insensitive).");
            }
            else
            {
                byName[task.Name] = task;
            }
        }

        var prerequisites = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var task in byName.Values)
        {
            Known(task, "OnFailure", task.OnFailure, byName, problems);
            Known(task, "RunAfter", task.RunAfter, byName, problems);
            foreach (var twice in task.RunBefore.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                problems.Add($"Task '{task.Name}' ({task.DeclaredAt}): RunBefore lists '{twice.Key}' {twice.Count()} times.");
            }

            foreach (var before in task.RunBefore.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (Known(task, "RunBefore", before, byName, problems))
                {
                    prerequisites.Add(before);
                }
            }

            if (task.RunAfter is { } after && byName.TryGetValue(after, out var next))
            {
                CheckRunAfterTypes(task, next, problems);
            }

            if (task.OnFailure is { } onFailure && byName.TryGetValue(onFailure, out var handler) && handler.ParametersType is { } p
                && p != typeof(TaskFailure) && p != typeof(JsonElement) && p != typeof(object))
            {
                problems.Add($"Task '{task.Name}' ({task.DeclaredAt}): OnFailure '{handler.Name}' takes {p.FullName}, but a failure handler " +
                    $"receives {nameof(TaskFailure)}: let it take TaskContext<TaskFailure> or an untyped TaskContext.");
            }
        }

        foreach (var task in byName.Values)
        {
            if (task.ParametersType is not null && task.DefaultParameters == "{}")
            {
                if (task.Trigger is not null)
                {
                    DefinitionReader.CheckDefaults(task, "has a trigger but no DefaultParameters, and '{}' is not valid", problems);
                }
                else if (prerequisites.Contains(task.Name))
                {
                    DefinitionReader.CheckDefaults(task, "is a RunBefore prerequisite (run with its defaults) but no DefaultParameters, and '{}' is not valid", problems);
                }
            }
        }

        foreach (var cycle in Cycles(byName))
        {
            problems.Add($"Tasks depend on each other in a cycle (RunBefore / RunAfter): {cycle}.");
        }
    }

    private static bool Known(TaskDefinition task, string option, string? name, Dictionary<string, TaskDefinition> byName, List<string> problems)
    {
        if (name is null || byName.ContainsKey(name))
        {
            return name is not null;
        }

        problems.Add($"Task '{task.Name}' ({task.DeclaredAt}): {option} '{name}' is not a task.");
        return false;
    }

    /// <summary>The next task receives this task's result as its parameters: same type, or an untyped/JsonElement/object next task.</summary>
    private static void CheckRunAfterTypes(TaskDefinition task, TaskDefinition next, List<string> problems)
    {
        if (task.ResultType is not { } result || next.ParametersType is not { } parameters
            || parameters == typeof(JsonElement) || parameters == typeof(object) || parameters.IsAssignableFrom(result))
        {
            return;
        }

        problems.Add($"Task '{task.Name}' ({task.DeclaredAt}): RunAfter '{next.Name}' takes {parameters.FullName} but '{task.Name}' returns " +
            $"{result.FullName}; the next task receives the result as its parameters: make them the same type, or let '{next.Name}' " +
            "take an untyped TaskContext or JsonElement.");
    }

    /// <summary>Every cycle of the graph task -> RunBefore, task -> RunAfter, once each, printed "a -> b -> a".</summary>
    private static IEnumerable<string> Cycles(Dictionary<string, TaskDefinition> byName)
    {
        var state = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase); // 1 = on the path, 2 = done
        var path = new List<string>();
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var cycles = new List<string>();

        IEnumerable<string> Edges(TaskDefinition t) =>
            t.RunBefore.Concat(t.RunAfter is null ? [] : [t.RunAfter]).Where(byName.ContainsKey).Select(n => byName[n].Name);

        void Visit(string name)
        {
            state[name] = 1;
            path.Add(name);
            foreach (var next in Edges(byName[name]))
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    var loop = path[path.FindIndex(n => string.Equals(n, next, StringComparison.OrdinalIgnoreCase))..];
                    // One entry per cycle, whichever node the search entered it from.
                    var start = loop.IndexOf(loop.Min(StringComparer.OrdinalIgnoreCase)!);
                    var canonical = loop.Skip(start).Concat(loop.Take(start)).ToList();
                    var text = string.Join(" -> ", canonical.Append(canonical[0]));
                    if (found.Add(text))
                    {
                        cycles.Add(text);
                    }
                }
                else if (!state.ContainsKey(next))
                {
                    Visit(next);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[name] = 2;
        }

        foreach (var name in byName.Values.Select(t => t.Name).Order(StringComparer.OrdinalIgnoreCase))
        {
            if (!state.ContainsKey(name))
            {
                Visit(name);
            }
        }

        return cycles;
    }
}
