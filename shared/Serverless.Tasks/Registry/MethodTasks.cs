using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Tasks.Registry;

/// <summary>
/// Reads a <see cref="TaskAttribute"/> method: binds its TaskContext / TaskContext&lt;T&gt; / CancellationToken
/// parameters, awaits Task / ValueTask results and serializes the result.
/// </summary>
internal static class MethodTasks
{
    private enum ReturnKind
    {
        Void,
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
        Value,
    }

    private enum ArgumentKind
    {
        Context,
        CancellationToken,
    }

    public static TaskDeclaration Declare(MethodInfo method, TaskAttribute attribute)
    {
        var type = method.DeclaringType!;
        var declaredAt = $"{type.FullName}.{method.Name}";
        var problems = new List<string>();
        var subject = $"Task '{attribute.Name}' ({declaredAt})";

        Type? parametersType = null;
        var arguments = new List<ArgumentKind>();
        var contexts = 0;
        foreach (var parameter in method.GetParameters())
        {
            var p = parameter.ParameterType;
            if (p == typeof(TaskContext))
            {
                contexts++;
                arguments.Add(ArgumentKind.Context);
            }
            else if (p.IsGenericType && p.GetGenericTypeDefinition() == typeof(TaskContext<>))
            {
                contexts++;
                parametersType = p.GetGenericArguments()[0];
                arguments.Add(ArgumentKind.Context);
            }
            else if (p == typeof(CancellationToken))
            {
                arguments.Add(ArgumentKind.CancellationToken);
            }
            else
            {
                problems.Add($"{subject}: parameter '{parameter.Name}' of type {p.Name} is not supported: a task method takes a " +
                    "TaskContext or a TaskContext<TParams>, optionally followed by a CancellationToken.");
            }
        }

        if (contexts > 1)
        {
            problems.Add($"{subject}: takes {contexts} task contexts; a task method takes one.");
        }

        if (method.ContainsGenericParameters)
        {
            problems.Add($"{subject}: a task method cannot be generic.");
        }

        if (!method.IsStatic && type.IsAbstract)
        {
            problems.Add($"{subject}: an instance task method needs a class that can be built (not abstract); make the method static or the class concrete.");
        }

        var (kind, resultType) = Classify(method.ReturnType);
        var declaration = new TaskDeclaration
        {
            Name = attribute.Name,
            DeclaredAt = declaredAt,
            Attribute = attribute,
            ParametersType = parametersType,
            ResultType = resultType,
            NeedsInstance = !method.IsStatic,
            CreateInvoker = (definition, _) => CreateInvoker(method, kind, resultType, [.. arguments], definition),
        };
        declaration.Problems.AddRange(problems);
        return declaration;
    }

    private static (ReturnKind Kind, Type? Result) Classify(Type type)
    {
        if (type == typeof(void))
        {
            return (ReturnKind.Void, null);
        }

        if (type == typeof(Task))
        {
            return (ReturnKind.Task, null);
        }

        if (type == typeof(ValueTask))
        {
            return (ReturnKind.ValueTask, null);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return (ReturnKind.TaskOfT, type.GetGenericArguments()[0]);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return (ReturnKind.ValueTaskOfT, type.GetGenericArguments()[0]);
        }

        return (ReturnKind.Value, type);
    }

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
