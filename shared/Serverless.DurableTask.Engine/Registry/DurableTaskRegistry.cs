using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Engine.Replay;

namespace Serverless.DurableTask.Engine;

/// <summary>
/// Orchestrators and activities by name (case-insensitive, as function names are): class types, typed delegates, and
/// serialized forms (JSON in, JSON out) for hosts that bring their own invoker.
/// </summary>
public sealed partial class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, OrchestratorInvoker>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names of the registered orchestrators.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    /// <summary>Registers a class-based orchestrator under its class name.</summary>
    public DurableTaskRegistry AddOrchestrator<TOrchestrator>()
        where TOrchestrator : class, ITaskOrchestrator =>
        AddOrchestrator(typeof(TOrchestrator).Name, typeof(TOrchestrator));

    /// <summary>Registers a class-based orchestrator (created per execution through DI) under <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddOrchestrator(TaskName name, Type orchestratorType)
    {
        ArgumentNullException.ThrowIfNull(orchestratorType);
        if (!typeof(ITaskOrchestrator).IsAssignableFrom(orchestratorType))
        {
            throw new ArgumentException($"The type '{orchestratorType.FullName}' does not implement {nameof(ITaskOrchestrator)}.", nameof(orchestratorType));
        }

        return AddOrchestrator(name, services => (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, orchestratorType));
    }

    /// <summary>Registers an orchestrator created by <paramref name="factory"/>.</summary>
    public DurableTaskRegistry AddOrchestrator(TaskName name, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Add(name, services => async (context, input) =>
        {
            var orchestrator = factory(services);
            var output = await orchestrator.RunAsync(context, JsonDataConverter.Deserialize(input, orchestrator.InputType)).ConfigureAwait(true);
            return JsonDataConverter.Serialize(output);
        });
    }

    /// <summary>Registers a delegate orchestrator with a typed input and output.</summary>
    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(TaskName name, Func<TaskOrchestrationContext, TInput?, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return Add(name, _ => async (context, input) =>
            JsonDataConverter.Serialize(await orchestrator(context, JsonDataConverter.Deserialize<TInput>(input)).ConfigureAwait(true)));
    }

    /// <summary>Registers a delegate orchestrator that reads its input with GetInput and returns an output.</summary>
    public DurableTaskRegistry AddOrchestratorFunc<TOutput>(TaskName name, Func<TaskOrchestrationContext, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return Add(name, _ => async (context, _) => JsonDataConverter.Serialize(await orchestrator(context).ConfigureAwait(true)));
    }

    /// <summary>Registers a delegate orchestrator without output.</summary>
    public DurableTaskRegistry AddOrchestratorFunc(TaskName name, Func<TaskOrchestrationContext, Task> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return Add(name, _ => async (context, _) =>
        {
            await orchestrator(context).ConfigureAwait(true);
            return null;
        });
    }

    /// <summary>
    /// Registers an orchestrator in serialized form: it gets the input as JSON (also readable with GetInput) and returns its
    /// output as JSON. This is the hook a function host uses for its own invoker.
    /// </summary>
    public DurableTaskRegistry AddOrchestratorSerialized(TaskName name, Func<TaskOrchestrationContext, string?, Task<string?>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return Add(name, _ => (context, input) => orchestrator(context, input));
    }

    internal OrchestratorInvoker? ResolveOrchestrator(string name, IServiceProvider services) =>
        _orchestrators.TryGetValue(name, out var factory) ? factory(services) : null;

    private DurableTaskRegistry Add(TaskName name, Func<IServiceProvider, OrchestratorInvoker> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name.Name);
        if (!_orchestrators.TryAdd(name.Name, factory))
        {
            throw new ArgumentException($"An orchestrator named '{name.Name}' is already registered.", nameof(name));
        }

        return this;
    }
}
