using System.ComponentModel.DataAnnotations;

namespace Serverless.Host.Queues;

/// <summary>
/// host.json "extensions.queues", with the keys and defaults of the Azure Functions Storage Queues extension.
/// Checked with the search tool (2026-11-25):
/// - the azure-docs host.json queues table (includes/functions-host-json-queues.md): maxPollingInterval 60000 ms
///   (1 minute), visibilityTimeout 0, batchSize 16 (max 32), maxDequeueCount 5, newBatchThreshold batchSize/2;
/// - the WebJobs QueuesOptions API reference (Microsoft.Azure.WebJobs.Extensions.Storage.Queues 5.3.3): batchSize
///   1..32, default 16; a new batch is fetched when the messages being processed drop to newBatchThreshold, so at
///   most newBatchThreshold + batchSize are held;
/// - the queue listener's polling intervals: minimum 100 ms, default maximum 1 minute.
/// Not confirmed by the search (from the extension 5.x documentation as remembered): messageEncoding base64 (default)
/// or none, and newBatchThreshold's 5.x default of batchSize/2 times the number of processors, used here.
/// Visibility timeouts are whole seconds in the Storage API (fractions round down).
/// </summary>
public sealed class QueuesOptions
{
    /// <summary>Messages fetched in one request, and the number of invocations a function runs at once (1..32).</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    /// <summary>A new batch is fetched when the messages held (running + fetched) drop to this number. Default batchSize/2 × processors.</summary>
    [Range(0, 100_000)]
    public int? NewBatchThreshold { get; set; }

    /// <summary>The longest wait between polls of an empty queue (the back-off's ceiling). At least 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a message whose invocation failed stays invisible before its retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Deliveries of a message before it moves to the poison queue &lt;queue&gt;-poison.</summary>
    [Range(1, 1_000)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How message bodies are written and read: "base64" (the Functions default) or "none" (plain text).</summary>
    [RegularExpression("^(?i:base64|none)$", ErrorMessage = "'{0}' must be \"base64\" or \"none\".")]
    public string MessageEncoding { get; set; } = "base64";

    /// <summary>The parsed <see cref="MessageEncoding"/>.</summary>
    internal QueuesMessageEncoding Encoding =>
        string.Equals(MessageEncoding, "none", StringComparison.OrdinalIgnoreCase) ? QueuesMessageEncoding.None : QueuesMessageEncoding.Base64;

    /// <summary>The threshold in effect: the configured one, or batchSize/2 × processors as Functions computes it.</summary>
    internal int EffectiveNewBatchThreshold => NewBatchThreshold ?? BatchSize / 2 * Environment.ProcessorCount;
}

/// <summary>host.json "extensions.queues.messageEncoding", parsed.</summary>
internal enum QueuesMessageEncoding
{
    Base64,
    None,
}
