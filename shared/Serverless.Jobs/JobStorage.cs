using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace Serverless.Jobs;

/// <summary>Builds the jobs container client from a connection string or a blob service URI (then with a token credential).</summary>
internal static class JobStorage
{
    /// <summary>
    /// <paramref name="connection"/> is a storage connection string (<c>UseDevelopmentStorage=true</c>, <c>DefaultEndpointsProtocol=...</c>)
    /// or an http(s) blob service URI, used with <paramref name="credential"/> or else a managed identity / developer credential.
    /// </summary>
    public static BlobContainerClient CreateContainer(string connection, string container, TokenCredential? credential, string? clientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        if (Uri.TryCreate(connection, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            credential ??= string.IsNullOrEmpty(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            return new BlobServiceClient(uri, credential).GetBlobContainerClient(container);
        }

        return new BlobServiceClient(connection).GetBlobContainerClient(container);
    }

    /// <summary>
    /// The storage a job process uses: <see cref="JobEnvironment.Storage"/>, else <c>AzureWebJobsStorage</c> (connection string),
    /// else <c>AzureWebJobsStorage__blobServiceUri</c> with <c>AzureWebJobsStorage__clientId</c> / <c>AZURE_CLIENT_ID</c>.
    /// </summary>
    public static BlobContainerClient FromEnvironment(string? storage, string container, Func<string, string?> environment)
    {
        var connection = storage
            ?? environment("AzureWebJobsStorage")
            ?? environment("AzureWebJobsStorage__blobServiceUri")
            ?? throw new FormatException(
                $"Job mode needs storage: set {JobEnvironment.Storage}, AzureWebJobsStorage or AzureWebJobsStorage__blobServiceUri.");
        var clientId = environment("AzureWebJobsStorage__clientId") ?? environment("AZURE_CLIENT_ID");
        return CreateContainer(connection, container, credential: null, clientId);
    }
}
