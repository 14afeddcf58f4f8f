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
        // As in Durable Functions, the first parameter without a binding attribute (other than FunctionContext and
        // CancellationToken) receives the orchestration input; the host binds it like trigger metadata.
        var input = context.Function.Method.GetParameters().FirstOrDefault(p =>
            p != context.Parameter && p.ParameterType != typeof(FunctionContext) && p.ParameterType != typeof(CancellationToken)
            && !p.GetCustomAttributes(typeof(BindingAttribute), inherit: true).Any());
        var orchestrator = new OrchestratorFunction(context.Function, input, services);
        registry.AddOrchestratorSerialized(name, orchestrator.RunAsync);
        var contract = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        if (input?.Name is { } inputName)
        {
            contract[inputName] = input.ParameterType;
        }

        return new DurableTriggerBinding("orchestrationTrigger", contract);
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
