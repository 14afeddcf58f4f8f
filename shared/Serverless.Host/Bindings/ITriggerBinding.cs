using Serverless.Host.Indexing;
using Serverless.Host.Invocation;
using Serverless.Host.Listeners;
using Serverless.Worker;

namespace Serverless.Host.Bindings;

/// <summary>
/// A trigger kind (timer, queue, HTTP, orchestration ...). Registered in DI; the indexer asks each provider about every
/// trigger attribute and uses the first that answers.
/// </summary>
public interface ITriggerBindingProvider
{
    /// <summary>A binding for the parameter, or null when the attribute is not this provider's. Throws FunctionIndexingException for a bad declaration.</summary>
    ITriggerBinding? TryCreate(TriggerBindingContext context);
}

/// <param name="Function">The function being indexed (its name, method, other parameters).</param>
/// <param name="Parameter">The parameter that carries the trigger attribute.</param>
/// <param name="Attribute">The trigger attribute.</param>
public sealed record TriggerBindingContext(FunctionDescriptor Function, System.Reflection.ParameterInfo Parameter, TriggerBindingAttribute Attribute);

/// <summary>One function's trigger: how it is described at start and how it listens.</summary>
public interface ITriggerBinding
{
    /// <summary>The Azure Functions trigger type name: "timerTrigger", "queueTrigger", "httpTrigger" ...</summary>
    string TriggerType { get; }

    /// <summary>Names (and types) of the metadata the trigger provides; other parameters with these names are bound from it.</summary>
    IReadOnlyDictionary<string, Type> BindingDataContract { get; }

    /// <summary>What the start banner shows after the function's name, for example "timerTrigger" or "[GET,POST] http://localhost:7071/api/Hello".</summary>
    string Describe(HostEndpoint endpoint);

    /// <summary>The listener that invokes the function through the executor; null when the trigger needs none (HTTP is served by Kestrel).</summary>
    IListener? CreateListener(ListenerContext context);
}

/// <summary>Where the host's HTTP server listens, known once it started.</summary>
public sealed record HostEndpoint(Uri BaseAddress);
