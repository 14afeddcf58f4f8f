using System.Text.Json;
using Azure.Storage.Blobs;

namespace Serverless.Tasks.Runtime;

internal sealed partial class TaskRunStore
{
    /// <summary>Payloads longer than this (characters of JSON) go to a blob.</summary>
    public const int MaxInlinePayloadLength = 30_000;

    /// <summary>The column value of a payload stored in a blob: this prefix and the blob name (JSON never starts with 'b').</summary>
    private const string BlobReference = "blob:";

    private BlobContainerClient Container => storage.Blobs.GetBlobContainerClient(storage.Names.Container);

    private async Task<string?> StorePayloadAsync(string runId, string name, JsonElement? payload, CancellationToken cancellationToken)
    {
        if (payload is not { } value)
        {
            return null;
        }

        var json = value.GetRawText();
        if (json.Length <= MaxInlinePayloadLength)
        {
            return json;
        }

        var blobName = $"payloads/{runId}/{name}.json";
        await Container.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(json), overwrite: true, cancellationToken).ConfigureAwait(false);
        return BlobReference + blobName;
    }

    private async Task<JsonElement?> LoadPayloadAsync(string? column, CancellationToken cancellationToken)
    {
        if (column is null)
        {
            return null;
        }

        if (!column.StartsWith(BlobReference, StringComparison.Ordinal))
        {
            return ParseJson(column);
        }

        var content = await Container.GetBlobClient(column[BlobReference.Length..]).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return ParseJson(content.Value.Content.ToString());
    }
}
