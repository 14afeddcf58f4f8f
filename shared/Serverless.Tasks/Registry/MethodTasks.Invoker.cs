using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Tasks.Registry;

/// <summary>The invoker of a task method: builds the context, the class (instance methods), calls, awaits, serializes.</summary>
internal static partial class MethodTasks
{
    private static TaskInvoker CreateInvoker(MethodInfo method, ReturnKind kind, Type? resultType, ArgumentKind[] arguments, DefinitionRef definition)
    {
        var taskResult = resultType is null ? null : typeof(Task<>).MakeGenericType(resultType).GetProperty(nameof(Task<int>.Result))!;
        var asTask = kind == ReturnKind.ValueTaskOfT ? method.ReturnType.GetMethod(nameof(ValueTask.AsTask))! : null;

        return async (run, parameters, services, tasks, logger, cancellationToken) =>
        {
            var task = definition.Value;
            var context = TaskContextFactory.Create(task, run, task.ReadParameters(parameters), logger, services, tasks, cancellationToken);
            var args = arguments.Select(a => a == ArgumentKind.Context ? (object)context : cancellationToken).ToArray();
            var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
            try
            {
                var returned = method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);
                object? result = null;
                switch (kind)
                {
                    case ReturnKind.Task:
                        await NotNull(returned as Task, task).ConfigureAwait(false);
                        break;
                    case ReturnKind.TaskOfT:
                        var pending = NotNull(returned as Task, task);
                        await pending.ConfigureAwait(false);
                        result = taskResult!.GetValue(pending);
                        break;
                    case ReturnKind.ValueTask:
                        await ((ValueTask)returned!).ConfigureAwait(false);
                        break;
                    case ReturnKind.ValueTaskOfT:
                        var converted = (Task)asTask!.Invoke(returned, null)!;
                        await converted.ConfigureAwait(false);
                        result = taskResult!.GetValue(converted);
                        break;
                    case ReturnKind.Value:
                        result = returned;
                        break;
                    default:
                        break;
                }

                return result is null ? null : JsonSerializer.SerializeToElement(result, resultType!, TaskJson.Options);
            }
            finally
            {
                await DisposeAsync(target).ConfigureAwait(false);
            }
        };
    }

    private static Task NotNull(Task? task, TaskDefinition definition) => task ?? throw new InvalidOperationException(
        $"Task '{definition.Name}' ({definition.DeclaredAt}) returned a null Task.");

    internal static async ValueTask DisposeAsync(object? instance)
    {
        switch (instance)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
            default:
                break;
        }
    }
}
