using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Host.Bindings;
using Serverless.Host.Invocation;
using Serverless.Host.Listeners;
using Serverless.Worker;

namespace Serverless.Host.Tests;

/// <summary>A trigger fired by the test itself, to test the host core without a storage trigger.</summary>
public sealed class ManualTriggerAttribute : TriggerBindingAttribute
{
}

/// <summary>Collects the listeners so a test can fire a function and read its result.</summary>
internal sealed class ManualTriggers : ITriggerBindingProvider
{
    public Dictionary<string, ListenerContext> Listeners { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static ManualTriggers Register(IServiceCollection services)
    {
        var triggers = new ManualTriggers();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerBindingProvider>(triggers));
        return triggers;
    }

    public ITriggerBinding? TryCreate(TriggerBindingContext context) =>
        context.Attribute is ManualTriggerAttribute ? new Binding(this, context.Function.Name) : null;

    public Task<FunctionResult> FireAsync(string function, object? payload, IReadOnlyDictionary<string, object?>? data = null) =>
        Listeners[function].Executor.ExecuteAsync(
            Listeners[function].Function,
            new TriggerInvocation(_ => ValueTask.FromResult(payload), data ?? new Dictionary<string, object?>(), "Test"),
            CancellationToken.None);

    private sealed class Binding(ManualTriggers owner, string name) : ITriggerBinding
    {
        public string TriggerType => "manualTrigger";

        public IReadOnlyDictionary<string, Type> BindingDataContract { get; } = new Dictionary<string, Type> { ["Id"] = typeof(string), ["Count"] = typeof(int) };

        public string Describe(HostEndpoint endpoint) => TriggerType;

        public IListener? CreateListener(ListenerContext context)
        {
            owner.Listeners[name] = context;
            return null;
        }
    }
}
