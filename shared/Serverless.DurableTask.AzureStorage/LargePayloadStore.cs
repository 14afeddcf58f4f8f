using System.Text;
using Azure;
using Azure.Storage.Blobs;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// Keeps payloads too big for a queue message (64 KB) or a table string property (64 KB of UTF-16) in the task hub's
/// large-message container, under "{encoded instance id}/...", so purging an instance deletes them by prefix.
/// </summary>
internal sealed class LargePayloadStore(BlobContainerClient container)
{
    /// <summary>Longest string kept inline in a table property (32 K UTF-16 chars is the service limit).</summary>
    public const int MaxInlineTableChars = 30_000;

    /// <summary>Longest queue message body kept inline (the service limit is 64 KB).</summary>
    public const int MaxInlineQueueBytes = 48_000;

    public BlobContainerClient Container => container;

    public async Task<string> UploadAsync(string instanceId, string kind, string content, CancellationToken cancellationToken)
    {
        var name = $"{KeyEncoding.Encode(instanceId)}/{kind}-{Guid.NewGuid():N}.json";
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true, cancellationToken).ConfigureAwait(false);
        return name;
    }

    public async Task<string> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        var result = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(result.Value.Content.ToMemory().Span);
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // A leftover blob is removed by purge; a failed clean-up must not fail the work item.
        }
    }

    public async Task<int> DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = KeyEncoding.Encode(instanceId) + "/" }, cancellationToken).ConfigureAwait(false))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }
}
