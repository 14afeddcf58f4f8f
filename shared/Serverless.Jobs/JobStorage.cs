using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

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
    /// The queue <paramref name="queue"/> on the same account as <see cref="CreateContainer"/>: from the connection string,
    /// or from a blob service URI with <c>.blob.</c> read as <c>.queue.</c> (Azurite's port 10000 as 10001). Messages are
    /// Base64, as Functions' queue trigger expects.
    /// </summary>
    public static QueueClient CreateQueue(string connection, string queue, TokenCredential? credential, string? clientId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (Uri.TryCreate(connection, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            credential ??= string.IsNullOrEmpty(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            var service = new UriBuilder(uri) { Host = uri.Host.Replace(".blob.", ".queue.", StringComparison.OrdinalIgnoreCase) };
            if (uri.Port == 10000)
            {
                service.Port = 10001;
            }

            return new QueueServiceClient(service.Uri, credential, options).GetQueueClient(queue);
        }

        return new QueueClient(connection, queue, options);
    }

    /// <summary>
    /// The store a job process uses, told of the run's end through <see cref="JobEnvironment.CompletionQueue"/> when set: <see cref="JobEnvironment.Storage"/>, else <c>AzureWebJobsStorage</c> (connection string),
    /// else <c>AzureWebJobsStorage__blobServiceUri</c> with <c>AzureWebJobsStorage__clientId</c> / <c>AZURE_CLIENT_ID</c>.
    /// </summary>
    public static JobStore FromEnvironment(string? storage, string container, Func<string, string?> environment)
    {
        var connection = storage
            ?? environment("AzureWebJobsStorage")
            ?? environment("AzureWebJobsStorage__blobServiceUri")
            ?? throw new FormatException(
                $"Job mode needs storage: set {JobEnvironment.Storage}, AzureWebJobsStorage or AzureWebJobsStorage__blobServiceUri.");
        var clientId = environment("AzureWebJobsStorage__clientId") ?? environment("AZURE_CLIENT_ID");
        var completions = environment(JobEnvironment.CompletionQueue) is { Length: > 0 } queue
            ? CreateQueue(connection, queue, credential: null, clientId)
            : null;
        return new JobStore(CreateContainer(connection, container, credential: null, clientId), completions);
    }
}
