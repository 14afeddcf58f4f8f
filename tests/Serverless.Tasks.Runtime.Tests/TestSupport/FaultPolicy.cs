using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Serverless.Tasks.Runtime.Tests.TestSupport;

/// <summary>
/// Fault injection in the Azure SDK pipeline (per call, so before the SDK's own retries): <see cref="Before"/> may throw
/// instead of sending a request (what Azure.Core throws when its retries are used up), <see cref="After"/> runs after the
/// response came back (to delay it or to change storage in between).
/// </summary>
internal sealed class FaultPolicy : HttpPipelinePolicy
{
    public Func<HttpMessage, Exception?>? Before { get; set; }

    public Func<HttpMessage, Task>? After { get; set; }

    /// <summary>Storage whose queue, table and blob clients all go through this policy.</summary>
    public TaskStorage Storage(string connectionString, string prefix)
    {
        var queues = new QueueClientOptions();
        queues.AddPolicy(this, HttpPipelinePosition.PerCall);
        var tables = new TableClientOptions();
        tables.AddPolicy(this, HttpPipelinePosition.PerCall);
        var blobs = new BlobClientOptions();
        blobs.AddPolicy(this, HttpPipelinePosition.PerCall);
        return new TaskStorage(new QueueServiceClient(connectionString, queues), new TableServiceClient(connectionString, tables),
            new BlobServiceClient(connectionString, blobs), prefix);
    }

    /// <summary>What Azure.Core throws when every retry of a request failed on the network.</summary>
    public static AggregateException NetworkDown() =>
        new("Retry failed after 4 tries.", new HttpRequestException("Connection refused (injected)"));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Before?.Invoke(message) is { } fault)
        {
            throw fault;
        }

        await ProcessNextAsync(message, pipeline);
        if (After is { } after)
        {
            await after(message);
        }
    }
}
