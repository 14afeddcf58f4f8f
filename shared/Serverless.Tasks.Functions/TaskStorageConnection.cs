using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Serverless.Tasks.Runtime;

namespace Serverless.Tasks.Functions;

/// <summary>
/// The task storage on the connection the Functions host uses (<see cref="TasksOptions.Connection"/>, AzureWebJobsStorage):
/// a connection string (<c>UseDevelopmentStorage=true</c> for Azurite), or, as Functions reads identity-based
/// connections, <c>{Connection}__accountName</c> (or <c>__queueServiceUri</c>, <c>__tableServiceUri</c>,
/// <c>__blobServiceUri</c>) with <c>{Connection}__clientId</c> for a user-assigned identity.
/// </summary>
internal static class TaskStorageConnection
{
    public static TaskStorage Create(IConfiguration configuration, TasksOptions options)
    {
        var name = options.Connection;
        if (configuration[name] is { Length: > 0 } connectionString)
        {
            return TaskStorage.FromConnectionString(connectionString, options.StoragePrefix);
        }

        var section = configuration.GetSection(name);
        var account = section["accountName"];
        Uri Service(string kind) => section[$"{kind}ServiceUri"] is { Length: > 0 } uri ? new Uri(uri)
            : account is { Length: > 0 } ? new Uri($"https://{account}.{kind}.core.windows.net")
            : throw new InvalidOperationException(
                $"The task runtime needs storage: app setting '{name}' (a connection string) or '{name}__accountName' (identity-based) is not set.");
        TokenCredential credential = section["clientId"] is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
        return new TaskStorage(
            new QueueServiceClient(Service("queue"), credential, TaskStorage.QueueOptions),
            new TableServiceClient(Service("table"), credential),
            new BlobServiceClient(Service("blob"), credential),
            options.StoragePrefix);
    }
}
