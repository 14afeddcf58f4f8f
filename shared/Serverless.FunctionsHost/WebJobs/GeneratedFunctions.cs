using System.ComponentModel;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>What a generated function method calls: the host's dispatcher to the worker.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGeneratedFunctionInvoker
{
    Task<object?> InvokeAsync(string functionName, object?[] arguments);
}

/// <summary>
/// The base of the type generated at start (<c>Host.Functions</c>): one method per worker function, each passing its
/// bound arguments here. Public only because a dynamic assembly derives from it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedFunctionsBase(IGeneratedFunctionInvoker invoker)
{
    protected Task<object?> InvokeAsync(string functionName, object?[] arguments) => invoker.InvokeAsync(functionName, arguments);
}

/// <summary>WebJobs finds only the generated type's functions.</summary>
internal sealed class GeneratedTypeLocator(Type type) : ITypeLocator
{
    public IReadOnlyList<Type> GetTypes() => [type];
}

/// <summary>
/// WebJobs asks for an instance of the generated type on every invocation; it holds nothing but this host's dispatcher,
/// so one instance serves them all (made once, not by reflection per call; no static state: several hosts may share a process).
/// </summary>
internal sealed class GeneratedFunctionsActivator(IGeneratedFunctionInvoker invoker) : IJobActivator
{
    private object? _instance;

    public T CreateInstance<T>()
    {
        if (_instance is T instance)
        {
            return instance;
        }

        instance = (T)Activator.CreateInstance(typeof(T), invoker)!;
        _instance = instance;
        return instance;
    }
}
