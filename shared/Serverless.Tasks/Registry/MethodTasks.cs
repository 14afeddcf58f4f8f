using System.Reflection;

namespace Serverless.Tasks.Registry;

/// <summary>
/// Reads a <see cref="TaskAttribute"/> method: binds its TaskContext / TaskContext&lt;T&gt; / CancellationToken
/// parameters, awaits Task / ValueTask results and serializes the result.
/// </summary>
internal static partial class MethodTasks
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
}
