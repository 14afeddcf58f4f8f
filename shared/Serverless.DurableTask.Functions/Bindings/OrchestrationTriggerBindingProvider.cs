using Serverless.DurableTask.Engine;
using Serverless.Host.Bindings;
using Serverless.Host.Indexing;
using Serverless.Host.Listeners;
using Serverless.Worker;

namespace Serverless.DurableTask.Functions.Bindings;

/// <summary>
/// [OrchestrationTrigger]: registers the function with the engine's registry as an orchestrator. No listener: the engine's
/// worker (a hosted service that starts after indexing) dispatches orchestration work items.
/// </summary>
internal sealed class OrchestrationTriggerBindingProvider(DurableTaskRegistry registry, IServiceProvider services) : ITriggerBindingProvider
{
    public ITriggerBinding? TryCreate(TriggerBindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attribute is not OrchestrationTriggerAttribute attribute)
        {
            return null;
        }

        if (context.Parameter.ParameterType != typeof(TaskOrchestrationContext))
        {
            throw new FunctionIndexingException(
                $"parameter '{context.Parameter.Name}': [OrchestrationTrigger] binds a TaskOrchestrationContext, not {context.Parameter.ParameterType.Name}.");
        }

        var name = attribute.Orchestration ?? context.Function.Name;
        var orchestrator = new OrchestratorFunction(context.Function, services);
        registry.AddOrchestratorSerialized(name, orchestrator.RunAsync);
        return new DurableTriggerBinding("orchestrationTrigger", new Dictionary<string, Type>());
    }
}

/// <summary>An orchestration or activity trigger: described in the banner, no listener of its own.</summary>
internal sealed class DurableTriggerBinding(string triggerType, IReadOnlyDictionary<string, Type> bindingData) : ITriggerBinding
{
    public string TriggerType => triggerType;

    public IReadOnlyDictionary<string, Type> BindingDataContract => bindingData;

    public string Describe(HostEndpoint endpoint) => triggerType;

    public IListener? CreateListener(ListenerContext context) => null;
}
