using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Serverless.Tasks.Scheduling.Tests.TestSupport;

/// <summary>Task definitions for tests, built directly (no registry).</summary>
internal static class TestTasks
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TaskDefinition Define(string name, TaskTrigger? trigger = null, bool coalesce = true, TimeSpan? misfireGraceTime = null, Type? parametersType = null,
        int priority = TaskPriority.Normal) =>
        new(name, "test", static (_, _, _, _, _, _) => Task.FromResult<JsonElement?>(null))
        {
            Trigger = trigger,
            Coalesce = coalesce,
            MisfireGraceTime = misfireGraceTime,
            ParametersType = parametersType,
            Priority = priority,
        };

    public static TaskCatalog Catalog(params TaskDefinition[] tasks) => new(tasks);
}

internal sealed record ReportParams([property: Range(1, 10)] int Pages, string Title = "report");
