using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Serverless.Host.Storage;

/// <summary>
/// Storage clients by connection setting name, as Azure Functions resolves them: a connection string in the setting
/// (or "AzureWebJobs" + name), "UseDevelopmentStorage=true" for Azurite, or identity-based settings
/// {name}__queueServiceUri / __blobServiceUri / __tableServiceUri / __accountName with DefaultAzureCredential
/// ({name}__credential = managedidentity and {name}__clientId for a user-assigned identity).
/// </summary>
public sealed class StorageConnections(IConfiguration configuration)
{
    /// <summary>The default connection setting.</summary>
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    private TokenCredential? _credential;

    public QueueServiceClient CreateQueueServiceClient(string? connectionName = null, QueueClientOptions? options = null)
    {
        var (name, connectionString, section) = Find(connectionName);
        return connectionString is not null
            ? new QueueServiceClient(connectionString, options)
            : new QueueServiceClient(ServiceUri(name, section, "queue"), Credential(section), options);
    }

    public BlobServiceClient CreateBlobServiceClient(string? connectionName = null, BlobClientOptions? options = null)
    {
        var (name, connectionString, section) = Find(connectionName);
        return connectionString is not null
            ? new BlobServiceClient(connectionString, options)
            : new BlobServiceClient(ServiceUri(name, section, "blob"), Credential(section), options);
    }

    public TableServiceClient CreateTableServiceClient(string? connectionName = null, TableClientOptions? options = null)
    {
        var (name, connectionString, section) = Find(connectionName);
        return connectionString is not null
            ? new TableServiceClient(connectionString, options)
            : new TableServiceClient(ServiceUri(name, section, "table"), Credential(section), options);
    }

    /// <summary>True when the connection is the local emulator (UseDevelopmentStorage=true).</summary>
    public bool IsDevelopmentStorage(string? connectionName = null)
    {
        var (_, connectionString, _) = Find(connectionName);
        return connectionString is not null && connectionString.Replace(" ", string.Empty, StringComparison.Ordinal)
            .Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Throws a message naming the setting when the connection is not configured.</summary>
    public void EnsureConfigured(string? connectionName = null) => Find(connectionName);

    private (string Name, string? ConnectionString, IConfigurationSection Section) Find(string? connectionName)
    {
        var name = string.IsNullOrEmpty(connectionName) ? DefaultConnectionName : connectionName;
        foreach (var candidate in new[] { name, "AzureWebJobs" + name })
        {
            var section = configuration.GetSection(candidate);
            if (!string.IsNullOrWhiteSpace(section.Value))
            {
                return (candidate, section.Value, section);
            }

            if (section.GetChildren().Any())
            {
                return (candidate, null, section);
            }
        }

        throw new InvalidOperationException(
            $"Storage connection '{name}' is not configured: set the setting '{name}' to a connection string " +
            $"('UseDevelopmentStorage=true' for Azurite) or '{name}__queueServiceUri'/'{name}__blobServiceUri'/'{name}__tableServiceUri' " +
            $"(or '{name}__accountName') for an identity-based connection.");
    }

    private static Uri ServiceUri(string name, IConfigurationSection section, string service)
    {
        if (section[$"{service}ServiceUri"] is { Length: > 0 } uri)
        {
            return new Uri(uri);
        }

        if (section["accountName"] is { Length: > 0 } account)
        {
            return new Uri($"https://{account}.{service}.core.windows.net");
        }

        throw new InvalidOperationException(
            $"Storage connection '{name}' has no {service} endpoint: set '{name}__{service}ServiceUri' or '{name}__accountName'.");
    }

    private TokenCredential Credential(IConfigurationSection section)
    {
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return section["clientId"] is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        }

        return _credential ??= new DefaultAzureCredential();
    }
}
