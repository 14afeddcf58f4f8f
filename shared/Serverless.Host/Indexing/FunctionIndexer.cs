using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Bindings;
using Serverless.Worker;

namespace Serverless.Host.Indexing;

/// <summary>
/// Finds [Function] methods in the given types and binds every parameter and output. All problems are collected and
/// reported together; one bad declaration stops the start.
/// </summary>
internal sealed partial class FunctionIndexer(
    IEnumerable<ITriggerBindingProvider> triggerProviders,
    IEnumerable<IInputBindingProvider> inputProviders,
    IEnumerable<IOutputBindingProvider> outputProviders)
{
    private const BindingFlags MethodFlags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public IReadOnlyList<FunctionDescriptor> Index(IEnumerable<Type> types)
    {
        var problems = new List<string>();
        var functions = new List<FunctionDescriptor>();
        var names = new Dictionary<string, FunctionDescriptor>(StringComparer.OrdinalIgnoreCase);

        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(MethodFlags))
            {
                var attribute = method.GetCustomAttribute<FunctionAttribute>();
                if (attribute is null)
                {
                    continue;
                }

                var where = $"{type.FullName}.{method.Name}";
                if (string.IsNullOrWhiteSpace(attribute.Name) || !FunctionNamePattern().IsMatch(attribute.Name))
                {
                    problems.Add($"{where}: function name '{attribute.Name}' is invalid: it must start with a letter and hold only letters, digits, '_' and '-' (at most 128 characters).");
                    continue;
                }

                if (names.TryGetValue(attribute.Name, out var existing))
                {
                    problems.Add($"{where}: function name '{attribute.Name}' is already used by {existing.EntryPoint}.");
                    continue;
                }

                var descriptor = new FunctionDescriptor(attribute.Name, method);
                var before = problems.Count;
                try
                {
                    Bind(descriptor, where, problems);
                }
                catch (FunctionIndexingException ex)
                {
                    problems.Add($"{where}: {ex.Message}");
                }

                if (problems.Count == before)
                {
                    names[descriptor.Name] = descriptor;
                    functions.Add(descriptor);
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new FunctionIndexingException(problems);
        }

        return functions;
    }

    private void Bind(FunctionDescriptor function, string where, List<string> problems)
    {
        var method = function.Method;
        if (method.IsGenericMethodDefinition || method.DeclaringType!.IsGenericTypeDefinition)
        {
            problems.Add($"{where}: a function cannot be generic.");
            return;
        }

        var parameters = method.GetParameters();
        var triggers = parameters.Where(p => p.GetCustomAttribute<TriggerBindingAttribute>() is not null).ToArray();
        if (triggers.Length != 1)
        {
            problems.Add(triggers.Length == 0
                ? $"{where}: no parameter has a trigger attribute ([TimerTrigger], [QueueTrigger], [HttpTrigger], ...)."
                : $"{where}: {triggers.Length} parameters have trigger attributes; a function has exactly one trigger.");
            return;
        }

        function.TriggerParameter = triggers[0];
        function.TriggerAttribute = triggers[0].GetCustomAttribute<TriggerBindingAttribute>()!;
        var triggerContext = new TriggerBindingContext(function, function.TriggerParameter, function.TriggerAttribute);
        var trigger = triggerProviders.Select(p => p.TryCreate(triggerContext)).FirstOrDefault(b => b is not null);
        if (trigger is null)
        {
            problems.Add($"{where}: no extension handles [{Short(function.TriggerAttribute)}] (is its project referenced by the app?).");
            return;
        }

        function.TriggerBinding = trigger;
        function.Parameters = parameters.Select(p => BindParameter(function, trigger, p, where, problems)).ToArray()!;
        BindReturn(function, where, problems);
        if (!method.IsStatic)
        {
            var type = method.DeclaringType!;
            if (type.IsAbstract)
            {
                problems.Add($"{where}: an instance function must be declared on a concrete class.");
                return;
            }

            var factory = ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
            function.CreateInstance = services => factory(services, null);
        }
    }

    private ParameterBinder? BindParameter(FunctionDescriptor function, ITriggerBinding trigger, ParameterInfo parameter, string where, List<string> problems)
    {
        if (parameter == function.TriggerParameter)
        {
            return new ParameterBinder.Trigger();
        }

        if (parameter.ParameterType == typeof(FunctionContext))
        {
            return new ParameterBinder.Context();
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return new ParameterBinder.Cancellation();
        }

        if (parameter.GetCustomAttribute<InputBindingAttribute>() is { } input)
        {
            var context = new InputBindingContext(function, parameter, input);
            var binding = inputProviders.Select(p => p.TryCreate(context)).FirstOrDefault(b => b is not null);
            if (binding is null)
            {
                problems.Add($"{where}: parameter '{parameter.Name}': no extension handles [{Short(input)}].");
                return null;
            }

            return new ParameterBinder.Input(binding);
        }

        var key = trigger.BindingDataContract.Keys.FirstOrDefault(k => string.Equals(k, parameter.Name, StringComparison.OrdinalIgnoreCase));
        if (key is not null)
        {
            return new ParameterBinder.FromBindingData(key, parameter.ParameterType);
        }

        var known = trigger.BindingDataContract.Count == 0 ? "none" : string.Join(", ", trigger.BindingDataContract.Keys);
        problems.Add($"{where}: parameter '{parameter.Name}' of type {parameter.ParameterType.Name} has no binding. A parameter is the trigger, " +
                     $"FunctionContext, CancellationToken, an input binding attribute, or named like the trigger's metadata ({known}).");
        return null;
    }

    private void BindReturn(FunctionDescriptor function, string where, List<string> problems)
    {
        var (valueType, awaiter) = ReturnShape.Of(function.Method.ReturnType);
        function.ReturnValueType = valueType;
        function.AwaitReturn = awaiter;

        var methodOutput = function.Method.GetCustomAttribute<OutputBindingAttribute>()
            ?? function.Method.ReturnParameter.GetCustomAttribute<OutputBindingAttribute>();
        if (methodOutput is not null)
        {
            if (valueType is null)
            {
                problems.Add($"{where}: [{Short(methodOutput)}] is on a method that returns no value.");
                return;
            }

            function.ReturnOutput = CreateOutput(function, methodOutput, valueType, "$return", where, problems);
            return;
        }

        if (valueType is null || valueType == typeof(string) || valueType.IsPrimitive || !valueType.IsClass)
        {
            return;
        }

        var outputs = new List<(PropertyInfo, IOutputBinding)>();
        foreach (var property in valueType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<OutputBindingAttribute>() is { } attribute)
            {
                if (CreateOutput(function, attribute, property.PropertyType, property.Name, where, problems) is { } binding)
                {
                    outputs.Add((property, binding));
                }
            }
            else if (property.GetCustomAttribute<HttpResultAttribute>() is not null)
            {
                function.TriggerReturnProperty = property;
            }
        }

        if (outputs.Count > 0)
        {
            function.PropertyOutputs = [.. outputs];
            function.TriggerReturnProperty ??= valueType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => typeof(Worker.Http.HttpResponseData).IsAssignableFrom(p.PropertyType));
        }
    }

    private IOutputBinding? CreateOutput(FunctionDescriptor function, OutputBindingAttribute attribute, Type valueType, string target, string where, List<string> problems)
    {
        var context = new OutputBindingContext(function, attribute, valueType, target);
        var binding = outputProviders.Select(p => p.TryCreate(context)).FirstOrDefault(b => b is not null);
        if (binding is null)
        {
            problems.Add($"{where}: {target}: no extension handles [{Short(attribute)}].");
        }

        return binding;
    }

    private static string Short(Attribute attribute) => attribute.GetType().Name.Replace("Attribute", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex FunctionNamePattern();
}
