using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Serverless.FunctionsHost.Http.Keys;

/// <summary>
/// The secrets blobs of container azure-webjobs-secrets on AzureWebJobsStorage. Writes are conditional (create only when
/// absent, replace only the version read), so hosts starting together on one account agree on one set of keys.
/// </summary>
internal sealed class SecretsStore(BlobServiceClient blobs)
{
    public const string ContainerName = "azure-webjobs-secrets";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private BlobContainerClient? _container;
    private bool _containerCreated;


    public async Task<(T? Document, ETag ETag)> ReadAsync<T>(string blobName, CancellationToken cancellationToken)
        where T : class
    {
        var blob = (await ContainerAsync(cancellationToken).ConfigureAwait(false)).GetBlobClient(blobName);
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (content.Value.Content.ToObjectFromJson<T>(Json), content.Value.Details.ETag);
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"Secrets blob '{ContainerName}/{blobName}' is not valid JSON: {ex.Message} Delete it to have the keys generated again.", ex);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, default);
        }
    }

    /// <summary>Creates the blob unless it exists; false when another host created it first.</summary>
    public async Task<bool> TryCreateAsync<T>(string blobName, T document, CancellationToken cancellationToken)
    {
        var blob = (await ContainerAsync(cancellationToken).ConfigureAwait(false)).GetBlobClient(blobName);
        try
        {
            await blob.UploadAsync(BinaryData.FromObjectAsJson(document, Json), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Replaces the blob if it is still the version read; false when another host changed it meanwhile.</summary>
    public async Task<bool> TryReplaceAsync<T>(string blobName, T document, ETag etag, CancellationToken cancellationToken)
    {
        var blob = (await ContainerAsync(cancellationToken).ConfigureAwait(false)).GetBlobClient(blobName);
        try
        {
            await blob.UploadAsync(BinaryData.FromObjectAsJson(document, Json), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfMatch = etag },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private async Task<BlobContainerClient> ContainerAsync(CancellationToken cancellationToken)
    {
        _container ??= blobs.GetBlobContainerClient(ContainerName);
        if (!_containerCreated)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _containerCreated = true;
        }

        return _container;
    }
}
