using Azure;
using Microsoft.Extensions.Options;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// Creates the runtime's queues (every namespace of the catalog and the served one, each priority, idle, dead letter),
/// tables and container once per process (CreateIfNotExists); a failed attempt is tried again at the next call.
/// </summary>
internal sealed class TaskStorageInitializer(TaskStorage storage, TaskCatalog catalog, IOptions<TasksOptions> options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _created;

    /// <summary>The namespaces whose queues exist: the catalog's and the one this app serves.</summary>
    public IReadOnlyList<string> AllNamespaces =>
        [.. catalog.Namespaces.Append(options.Value.Namespace).Append(TaskDefaults.Namespace)
            .Select(TaskStorageNames.QueuePart).Distinct(StringComparer.Ordinal)];

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_created)
            {
                return;
            }

            var names = storage.Names;
            var queues = AllNamespaces
                .SelectMany(ns => Enumerable.Range(TaskPriority.Low, TaskPriority.Max - TaskPriority.Low + 1).Select(p => names.Queue(ns, p)).Append(names.IdleQueue(ns)))
                .Append(names.DeadLetterQueue)
                .Append(names.ChainsQueue);
            var work = queues.Select(q => (Task)storage.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken))
                .Append(storage.Tables.GetTableClient(names.RunsTable).CreateIfNotExistsAsync(cancellationToken))
                .Append(storage.Tables.GetTableClient(names.SchedulesTable).CreateIfNotExistsAsync(cancellationToken))
                .Append(storage.Blobs.GetBlobContainerClient(names.Container).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
            await Task.WhenAll(work).ConfigureAwait(false);
            _created = true;
        }
        catch (RequestFailedException e)
        {
            throw new InvalidOperationException(
                $"The task runtime could not create its storage (prefix '{storage.Names.Prefix}'): {e.Status} {e.ErrorCode}.", e);
        }
        finally
        {
            _gate.Release();
        }
    }
}
