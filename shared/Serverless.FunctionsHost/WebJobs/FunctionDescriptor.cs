using Serverless.FunctionsHost.Worker;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>The trigger kinds this host runs, by the binding type names of the worker's metadata.</summary>
internal enum TriggerKind
{
    Http,
    Queue,
    Timer,
    Orchestration,
    Activity,
    Entity,
}

/// <summary>
/// A worker function as the host runs it: its trigger, its Durable client inputs and its outputs. Made from the
/// worker's metadata; every binding the host cannot run is reported at start, naming the function and binding.
/// </summary>
internal sealed record FunctionDescriptor(string Name, TriggerKind Kind, BindingMetadata Trigger, IReadOnlyList<BindingMetadata> DurableClients, IReadOnlyList<BindingMetadata> Outputs)
{
    private static readonly Dictionary<string, TriggerKind> Triggers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["httpTrigger"] = TriggerKind.Http,
        ["queueTrigger"] = TriggerKind.Queue,
        ["timerTrigger"] = TriggerKind.Timer,
        ["orchestrationTrigger"] = TriggerKind.Orchestration,
        ["activityTrigger"] = TriggerKind.Activity,
        ["entityTrigger"] = TriggerKind.Entity,
    };

    /// <summary>Queue outputs (sent after a successful invocation); found once, read on every invocation.</summary>
    public IReadOnlyList<BindingMetadata> QueueOutputs { get; } = [.. Outputs.Where(o => o.Is("queue"))];

    /// <summary>The HTTP response binding of an HTTP function ($return or a property marked [HttpResult]).</summary>
    public BindingMetadata? HttpOutput { get; } = Outputs.FirstOrDefault(o => o.Is("http"));

    public static IReadOnlyList<FunctionDescriptor> FromWorker(IReadOnlyList<WorkerFunction> functions)
    {
        var problems = new List<string>();
        var descriptors = new List<FunctionDescriptor>();
        foreach (var function in functions)
        {
            try
            {
                descriptors.Add(From(function));
            }
            catch (HostStartupException ex)
            {
                problems.Add(ex.Message);
            }
        }

        if (problems.Count > 0)
        {
            throw new HostStartupException($"The app's functions cannot run on this host:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}");
        }

        return descriptors;
    }

    private static FunctionDescriptor From(WorkerFunction function)
    {
        var bindings = function.Metadata.RawBindings.Select(raw => BindingMetadata.Parse(function.Name, raw)).ToList();
        var triggers = bindings.Where(b => !b.IsOutput && b.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase)).ToList();
        if (triggers.Count != 1)
        {
            throw new HostStartupException($"Function '{function.Name}' has {triggers.Count} trigger bindings; a function needs exactly one.");
        }

        var trigger = triggers[0];
        if (!Triggers.TryGetValue(trigger.Type, out var kind))
        {
            throw new HostStartupException(
                $"Function '{function.Name}': binding '{trigger.Name}' has trigger type '{trigger.Type}', which this host does not run " +
                $"(it runs {string.Join(", ", Triggers.Keys)}).");
        }

        var clients = new List<BindingMetadata>();
        var outputs = new List<BindingMetadata>();
        foreach (var binding in bindings.Where(b => !ReferenceEquals(b, trigger)))
        {
            if (!binding.IsOutput && binding.Is("durableClient"))
            {
                clients.Add(binding);
            }
            else if (binding.IsOutput && (binding.Is("queue") || (binding.Is("http") && kind == TriggerKind.Http)))
            {
                if (binding.Is("queue") && binding.String("queueName") is null)
                {
                    throw new HostStartupException($"Function '{function.Name}': queue output '{binding.Name}' has no queueName.");
                }

                outputs.Add(binding);
            }
            else if (binding.IsOutput && (kind is TriggerKind.Orchestration or TriggerKind.Activity or TriggerKind.Entity) && binding.Name == "$return" && binding.Is(trigger.Type))
            {
                // Durable triggers may declare their own return binding; the trigger's return value carries it.
            }
            else
            {
                throw new HostStartupException(
                    $"Function '{function.Name}': {(binding.IsOutput ? "output" : "input")} binding '{binding.Name}' of type '{binding.Type}' is not supported by this host " +
                    "(inputs: durableClient; outputs: queue, and http on HTTP functions).");
            }
        }

        if (kind == TriggerKind.Queue && trigger.String("queueName") is null)
        {
            throw new HostStartupException($"Function '{function.Name}': queue trigger '{trigger.Name}' has no queueName.");
        }

        if (kind == TriggerKind.Timer && trigger.String("schedule") is null)
        {
            throw new HostStartupException($"Function '{function.Name}': timer trigger '{trigger.Name}' has no schedule.");
        }

        return new FunctionDescriptor(function.Name, kind, trigger, clients, outputs);
    }
}
