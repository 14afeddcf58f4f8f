namespace Serverless.DurableTask.Client;

/// <summary>The runtime status of an orchestration instance (same values as Durable Functions).</summary>
public enum OrchestrationRuntimeStatus
{
    Running = 0,
    Completed = 1,
    ContinuedAsNew = 2,
    Failed = 3,
    Canceled = 4,
    Terminated = 5,
    Pending = 6,
    Suspended = 7,
}
