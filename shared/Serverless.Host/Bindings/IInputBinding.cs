using Serverless.Host.Indexing;
using Serverless.Worker;

namespace Serverless.Host.Bindings;

/// <summary>An input binding kind ([DurableClient] ...). Returns null when the attribute is not this provider's.</summary>
public interface IInputBindingProvider
{
    IInputBinding? TryCreate(InputBindingContext context);
}

public sealed record InputBindingContext(FunctionDescriptor Function, System.Reflection.ParameterInfo Parameter, InputBindingAttribute Attribute);

/// <summary>Gives a parameter its value for one invocation.</summary>
public interface IInputBinding
{
    ValueTask<object?> BindAsync(FunctionContext context);
}
