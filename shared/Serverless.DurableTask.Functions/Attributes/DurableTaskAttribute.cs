namespace Serverless.Worker;

/// <summary>
/// Marks a class-based orchestrator (<c>TaskOrchestrator&lt;TInput, TOutput&gt;</c>) or activity
/// (<c>TaskActivity&lt;TInput, TOutput&gt;</c>) for registration with the app's durable engine, as Durable Functions'
/// [DurableTask] does. Instances are created per execution with the app's services.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DurableTaskAttribute(string? name = null) : Attribute
{
    /// <summary>The orchestrator or activity name; the class name when null.</summary>
    public string? Name { get; } = name;
}
