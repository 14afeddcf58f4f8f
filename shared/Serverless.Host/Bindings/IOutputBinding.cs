using Serverless.Host.Indexing;
using Serverless.Worker;

namespace Serverless.Host.Bindings;

/// <summary>An output binding kind ([QueueOutput] ...). Returns null when the attribute is not this provider's.</summary>
public interface IOutputBindingProvider
{
    IOutputBinding? TryCreate(OutputBindingContext context);
}

/// <param name="Function">The function being indexed.</param>
/// <param name="Attribute">The output attribute.</param>
/// <param name="ValueType">The type of the value the binding receives (the return type, unwrapped from Task, or the property type).</param>
/// <param name="Target">"$return" or the property name, for error messages.</param>
public sealed record OutputBindingContext(FunctionDescriptor Function, OutputBindingAttribute Attribute, Type ValueType, string Target);

/// <summary>Sends a value produced by a successful invocation, before the trigger completes (at-least-once).</summary>
public interface IOutputBinding
{
    ValueTask SetValueAsync(object? value, FunctionContext context, CancellationToken cancellationToken);
}
