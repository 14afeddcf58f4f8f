using Serverless.Host.Indexing;
using Serverless.Worker;

namespace Serverless.Host.Invocation;

/// <summary>Runs one invocation of a function: scope, instance, arguments, timeout, output bindings, logging.</summary>
public interface IFunctionExecutor
{
    /// <summary>
    /// Invokes the function. <paramref name="request"/>'s binder produces the trigger parameter's value inside the
    /// invocation (it can use the context, e.g. for HttpRequestData). Never throws for a failing function: the result says
    /// what happened, so the listener decides (retry, poison, 500).
    /// </summary>
    Task<FunctionResult> ExecuteAsync(FunctionDescriptor function, TriggerInvocation request, CancellationToken cancellationToken);
}

/// <param name="BindTrigger">Produces the trigger parameter's value; throw BindingException when the payload cannot be bound.</param>
/// <param name="BindingData">The trigger's metadata (binding data); parameters named like a key are bound from it.</param>
/// <param name="Reason">Why the function runs, for the "Executing" log line ("New queue message detected on 'orders'.").</param>
/// <param name="RetryCount">How many times this trigger delivered the same work before.</param>
/// <param name="MaxRetryCount">How many deliveries the trigger makes at most.</param>
public sealed record TriggerInvocation(
    Func<FunctionContext, ValueTask<object?>> BindTrigger,
    IReadOnlyDictionary<string, object?> BindingData,
    string Reason,
    int RetryCount = 0,
    int MaxRetryCount = 0);

/// <summary>The outcome of an invocation.</summary>
public sealed record FunctionResult(string InvocationId, bool Succeeded, object? ReturnValue, Exception? Exception, TimeSpan Duration)
{
    /// <summary>The trigger value could not be bound: retrying cannot help.</summary>
    public bool BindingFailed => Exception is Bindings.BindingException;
}
