using System.ComponentModel.DataAnnotations;

namespace Serverless.Host.Queues;

/// <summary>
/// host.json "extensions.queues", with the keys and defaults of the Azure Functions Storage Queues extension (5.x).
/// Checked with the search tool against the WebJobs QueuesOptions API reference (Microsoft.Azure.WebJobs.Extensions.
/// Storage.Queues 5.3.3: batchSize 1..32, default 16; at most newBatchThreshold + batchSize messages held per function)
/// and the Functions "Azure Queue storage trigger" host.json table: maxPollingInterval default 00:01:00, minimum
/// 00:00:00.100; visibilityTimeout default 00:00:00; maxDequeueCount default 5; messageEncoding base64 (default) or
/// none; visibility timeouts are whole seconds in the Storage API (fractions round down); newBatchThreshold default batchSize/2 times the number of processors (the 5.x extension's rule).
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
