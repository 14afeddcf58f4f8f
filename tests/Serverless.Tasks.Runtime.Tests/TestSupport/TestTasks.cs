using System.Text.Json;

namespace Serverless.Tasks.Runtime.Tests.TestSupport;

/// <summary>Task definitions built directly (no registry) around test lambdas.</summary>
internal static class TestTasks
{
    /// <summary>An untyped task whose body gets the run facts, the parameters and the token, and returns a result (or null).</summary>
    public static TaskDefinition Define(string name, Func<TaskRunInfo, JsonElement?, CancellationToken, Task<object?>> body) =>
        new(name, "test", Invoker(body));

    /// <summary>A task that does nothing and returns null.</summary>
    public static TaskDefinition NoOp(string name) => Define(name, (_, _, _) => Task.FromResult<object?>(null));

    public static TaskInvoker Invoker(Func<TaskRunInfo, JsonElement?, CancellationToken, Task<object?>> body) =>
        async (run, parameters, _, _, _, cancellationToken) =>
        {
            var result = await body(run, parameters, cancellationToken);
            return result is null ? null : JsonSerializer.SerializeToElement(result, TaskJson.Options);
        };
}
