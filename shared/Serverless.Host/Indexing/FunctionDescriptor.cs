using System.Reflection;
using Serverless.Host.Bindings;
using Serverless.Worker;

namespace Serverless.Host.Indexing;

/// <summary>A function found at start: its method, trigger, parameter bindings and outputs. Built by the indexer.</summary>
public sealed class FunctionDescriptor : FunctionDefinition
{
    internal FunctionDescriptor(string name, MethodInfo method)
    {
        Name = name;
        Method = method;
        Id = name.ToLowerInvariant();
        EntryPoint = $"{method.DeclaringType!.FullName}.{method.Name}";
        PathToAssembly = method.DeclaringType.Assembly.Location;
        Invoker = MethodInvoker.Create(method);
    }

    public override string Name { get; }

    public override string Id { get; }

    public override string EntryPoint { get; }

    public override string PathToAssembly { get; }

    public override string TriggerType => TriggerBinding.TriggerType;

    public MethodInfo Method { get; }

    /// <summary>The parameter that carries the trigger attribute.</summary>
    public ParameterInfo TriggerParameter { get; internal set; } = null!;

    public TriggerBindingAttribute TriggerAttribute { get; internal set; } = null!;

    public ITriggerBinding TriggerBinding { get; internal set; } = null!;

    /// <summary>The value type the method produces (unwrapped from Task/ValueTask); null for none.</summary>
    public Type? ReturnValueType { get; internal set; }

    /// <summary>"Functions.Name", as the Functions host names a function in its logs.</summary>
    public string LogName => "Functions." + Name;

    internal MethodInvoker Invoker { get; }

    internal ParameterBinder[] Parameters { get; set; } = [];

    internal IOutputBinding? ReturnOutput { get; set; }

    internal (PropertyInfo Property, IOutputBinding Binding)[] PropertyOutputs { get; set; } = [];

    /// <summary>In a multi-output return type, the property whose value goes back to the trigger (the HTTP response).</summary>
    internal PropertyInfo? TriggerReturnProperty { get; set; }

    internal Func<IServiceProvider, object>? CreateInstance { get; set; }

    internal Func<object?, ValueTask<object?>> AwaitReturn { get; set; } = static value => ValueTask.FromResult(value);

    public override string ToString() => $"{Name} ({EntryPoint})";
}

/// <summary>How one method parameter gets its value.</summary>
internal abstract record ParameterBinder
{
    internal sealed record Trigger : ParameterBinder;

    internal sealed record Context : ParameterBinder;

    internal sealed record Cancellation : ParameterBinder;

    internal sealed record Input(IInputBinding Binding) : ParameterBinder;

    internal sealed record FromBindingData(string Name, Type Type) : ParameterBinder;
}
