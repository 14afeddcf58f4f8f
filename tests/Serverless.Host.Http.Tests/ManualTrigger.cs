using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Host.Bindings;
using Serverless.Host.Listeners;
using Serverless.Worker;

namespace Serverless.Host.Http.Tests;

/// <summary>A test-only non-HTTP trigger that never fires by itself: functions with it run only through the admin API.</summary>
public sealed class ManualTriggerAttribute : TriggerBindingAttribute
{
}

internal sealed class ManualTriggerProvider : ITriggerBindingProvider
{
    public static void Register(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerBindingProvider, ManualTriggerProvider>());

    public ITriggerBinding? TryCreate(TriggerBindingContext context) => context.Attribute is ManualTriggerAttribute ? new Binding() : null;

    private sealed class Binding : ITriggerBinding
    {
        public string TriggerType => "manualTrigger";

        public IReadOnlyDictionary<string, Type> BindingDataContract { get; } = new Dictionary<string, Type>();

        public string Describe(HostEndpoint endpoint) => TriggerType;

        public IListener? CreateListener(ListenerContext context) => null;
    }
}

/// <summary>What functions report to the test.</summary>
public sealed class Recorder
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Calls { get; } = new();
}
