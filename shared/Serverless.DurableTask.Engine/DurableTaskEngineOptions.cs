using System.ComponentModel.DataAnnotations;

namespace Serverless.DurableTask.Engine;

/// <summary>Settings of the durable engine (host.json <c>extensions.durableTask</c> uses the same names).</summary>
public sealed class DurableTaskEngineOptions
{
    /// <summary>The task hub name: 3 to 45 letters and digits, starting with a letter (Durable Functions' rule; the Azure Storage backend names queues and tables after it).</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "extensions.durableTask.hubName must be 3 to 45 letters or digits and start with a letter.")]
    public string HubName { get; set; } = "TestHubName";

    /// <summary>Orchestration episodes run in parallel (Durable Functions default: 10 x processor count).</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentOrchestratorFunctions { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Activities run in parallel (Durable Functions default: 10 x processor count).</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentActivityFunctions { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>
    /// Keep running orchestrations in memory between episodes while this worker owns their partition, instead of replaying
    /// the whole history each time. On by default here (Durable Functions defaults to off): the cache is only trusted under
    /// the backend's ownership token, and the ETag-checked commit guards it.
    /// </summary>
    public bool ExtendedSessionsEnabled { get; set; } = true;

    /// <summary>The most orchestrations kept in memory; the cache is trimmed beyond it.</summary>
    [Range(1, 10_000_000)]
    public int ExtendedSessionsMaxCachedInstances { get; set; } = 10_000;

    /// <summary>How long an orchestration work item stays locked (the control queue visibility timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OrchestrationLockTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an activity stays locked before it is redelivered (renewed while it runs).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ActivityLockTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one receive call waits for a message.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan ReceiveTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the client polls while waiting for an instance to start or complete.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan ClientPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);
}
