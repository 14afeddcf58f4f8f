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

    /// <summary>
    /// Clients for a connection string (Azurite or an account key string), with the prefix. Queue messages are Base64,
    /// as the Functions queue trigger reads them (host.json <c>extensions.queues.messageEncoding</c>).
    /// </summary>
    public static TaskStorage FromConnectionString(string connectionString, string prefix) =>
        new(new QueueServiceClient(connectionString, QueueOptions), new TableServiceClient(connectionString), new BlobServiceClient(connectionString), prefix);

    /// <summary>The queue client options of the task runtime: Base64 messages, as Functions' queue trigger expects.</summary>
    public static QueueClientOptions QueueOptions => new() { MessageEncoding = QueueMessageEncoding.Base64 };
}
