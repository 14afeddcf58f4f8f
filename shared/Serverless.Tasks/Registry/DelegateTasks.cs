using System.Text.Json;

namespace Serverless.Tasks.Registry;

/// <summary>Tasks registered by a call with a delegate.</summary>
internal static class DelegateTasks
{
    public const string DeclaredAt = "registered by a call";

    public static TaskDeclaration Declare(string name, Type? parametersType, Type? resultType, TaskOptions options,
        Func<TaskContext, Task<object?>> handler) => new()
        {
            Name = name,
            DeclaredAt = DeclaredAt,
            Options = options,
            ParametersType = parametersType,
            ResultType = resultType,
            CreateInvoker = (definition, _) => async (run, parameters, services, tasks, logger, cancellationToken) =>
            {
                var task = definition.Value;
                var context = TaskContextFactory.Create(task, run, task.ReadParameters(parameters), logger, services, tasks, cancellationToken);
                var result = await handler(context).ConfigureAwait(false);
                return result is null ? null : JsonSerializer.SerializeToElement(result, resultType ?? result.GetType(), TaskJson.Options);
            },
        };
}
