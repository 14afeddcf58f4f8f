namespace Serverless.Worker;

/// <summary>Binds a <c>DurableTaskClient</c> parameter: starts, queries and manages orchestrations (Durable Functions' durableClient).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class DurableClientAttribute : InputBindingAttribute
{
    /// <summary>The task hub; the app's (host.json extensions.durableTask.hubName) when null. Only the app's hub is supported.</summary>
    public string? TaskHub { get; set; }

    /// <summary>The storage connection setting; the app's when null. Only the app's connection is supported.</summary>
    public string? ConnectionName { get; set; }
}
