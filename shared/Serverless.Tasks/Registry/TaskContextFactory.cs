using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Registry;

/// <summary>Builds a run's <see cref="TaskContext"/>, or <see cref="TaskContext{TParams}"/> for a typed task.</summary>
internal static class TaskContextFactory
{
    private delegate TaskContext Factory(TaskRunInfo run, object? parameters, ILogger logger, IServiceProvider services, ITaskClient? tasks, CancellationToken cancellationToken);

    private static readonly ConcurrentDictionary<Type, Factory> Factories = new();

    private static readonly MethodInfo CreateTypedMethod =
        typeof(TaskContextFactory).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static TaskContext Create(TaskDefinition task, TaskRunInfo run, object? parameters, ILogger logger, IServiceProvider services,
        ITaskClient? tasks, CancellationToken cancellationToken) =>
        task.ParametersType is not { } type
            ? new TaskContext(run, parameters, logger, services, tasks, cancellationToken)
            : Factories.GetOrAdd(type, t => CreateTypedMethod.MakeGenericMethod(t).CreateDelegate<Factory>())(
                run, parameters, logger, services, tasks, cancellationToken);

    private static TaskContext CreateTyped<TParams>(TaskRunInfo run, object? parameters, ILogger logger, IServiceProvider services,
        ITaskClient? tasks, CancellationToken cancellationToken) =>
        new TaskContext<TParams>(run, (TParams)parameters!, logger, services, tasks, cancellationToken);
}
