using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace Serverless.Tasks.Runtime;

internal sealed partial class TaskRunStore
{
    /// <summary>
    /// Runs matching the query, newest first (by CreatedAt). A filtered scan of the table: the matching rows are read,
    /// sorted and cut to <see cref="TaskRunQuery.Top"/>; only the returned runs' large payloads are downloaded.
    /// </summary>
    public async IAsyncEnumerable<TaskRun> ListAsync(TaskRunQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filters = new List<string>();
        if (query.Task is { } task)
        {
            filters.Add(TableClient.CreateQueryFilter($"Task eq {task}"));
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            filters.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToString()}"))) + ")");
        }

        if (query.CreatedFrom is { } from)
        {
            filters.Add(TableClient.CreateQueryFilter($"CreatedAt ge {from}"));
        }

        if (query.CreatedTo is { } to)
        {
            filters.Add(TableClient.CreateQueryFilter($"CreatedAt le {to}"));
        }

        var entities = new List<TableEntity>();
        var rows = Table.QueryAsync<TableEntity>(filters.Count == 0 ? null : string.Join(" and ", filters), cancellationToken: cancellationToken);
        await foreach (var entity in rows.ConfigureAwait(false))
        {
            entities.Add(entity);
        }

        var newest = entities
            .OrderByDescending(e => e.GetDateTimeOffset("CreatedAt") ?? default)
            .ThenByDescending(e => e.PartitionKey, StringComparer.Ordinal)
            .Take(Math.Max(0, query.Top));
        foreach (var entity in newest)
        {
            yield return (await FromEntityAsync(entity, cancellationToken).ConfigureAwait(false)).Run;
        }
    }
}
