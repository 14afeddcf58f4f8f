namespace Serverless.Worker;

/// <summary>
/// Marks the <c>TaskOrchestrationContext</c> parameter of an orchestrator function (Durable Functions' orchestrationTrigger).
/// The function is registered with the durable engine under its function name and replayed from history.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OrchestrationTriggerAttribute : TriggerBindingAttribute
{
    /// <summary>The orchestrator name; the function name when null.</summary>
    public string? Orchestration { get; set; }
}
