using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// The storage account of the task runtime: its clients and the names under the configured prefix. The worker, the
/// client and the scheduler take it from the services; the host builds it from the connection in <see cref="TasksOptions"/>.
/// </summary>
internal sealed class TaskStorage(QueueServiceClient queues, TableServiceClient tables, BlobServiceClient blobs, string prefix)
{
    public QueueServiceClient Queues { get; } = queues;

    public TableServiceClient Tables { get; } = tables;

    public BlobServiceClient Blobs { get; } = blobs;

    public TaskStorageNames Names { get; } = new(prefix);

    /// <summary>Clients for a connection string (Azurite or an account key string), with the prefix.</summary>
    public static TaskStorage FromConnectionString(string connectionString, string prefix) =>
        new(new QueueServiceClient(connectionString), new TableServiceClient(connectionString), new BlobServiceClient(connectionString), prefix);
}
