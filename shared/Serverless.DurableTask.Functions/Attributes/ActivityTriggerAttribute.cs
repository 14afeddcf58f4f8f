namespace Serverless.Worker;

/// <summary>
/// Marks the input parameter of an activity function (Durable Functions' activityTrigger): the value an orchestrator passed
/// to CallActivityAsync, deserialized from JSON to the parameter's type.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ActivityTriggerAttribute : TriggerBindingAttribute
{
    /// <summary>The activity name; the function name when null.</summary>
    public string? Activity { get; set; }
}
