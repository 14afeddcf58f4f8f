using Azure.Data.Tables;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

internal sealed partial class InstanceStore
{
    public static readonly OrchestrationRuntimeStatus[] TerminalStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    /// <summary>One page of rows matching the query, resuming after the table service's continuation token.</summary>
    public async Task<OrchestrationStatePage> QueryAsync(OrchestrationStateQuery query, CancellationToken cancellationToken)
    {
        var filter = BuildFilter(query.Statuses, query.CreatedFrom, query.CreatedTo, query.InstanceIdPrefix);
        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(query.PageSize, 1, 1000), cancellationToken: cancellationToken)
            .AsPages(query.ContinuationToken, Math.Clamp(query.PageSize, 1, 1000));
        await foreach (var page in pages.ConfigureAwait(false))
        {
            var states = new List<OrchestrationState>(page.Values.Count);
            foreach (var row in page.Values)
            {
                states.Add(await ToStateAsync(row, query.FetchInputsAndOutputs, cancellationToken).ConfigureAwait(false));
            }

            return new OrchestrationStatePage(states, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new OrchestrationStatePage([], null);
    }

    /// <summary>Every row matching the filter (all pages), for purge by filter.</summary>
    public async Task<List<(OrchestrationState State, Azure.ETag ETag)>> ListAsync(IReadOnlyCollection<OrchestrationRuntimeStatus> statuses, DateTimeOffset? createdFrom, DateTimeOffset? createdTo, CancellationToken cancellationToken)
    {
        var result = new List<(OrchestrationState, Azure.ETag)>();
        await foreach (var row in table.QueryAsync<TableEntity>(BuildFilter(statuses, createdFrom, createdTo, null), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add((await ToStateAsync(row, includePayloads: false, cancellationToken).ConfigureAwait(false), row.ETag));
        }

        return result;
    }

    internal static string? BuildFilter(IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, DateTimeOffset? createdFrom, DateTimeOffset? createdTo, string? prefix)
    {
        var clauses = new List<string>();
        if (statuses is { Count: > 0 })
        {
            clauses.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"RuntimeStatus eq {s.ToString()}"))) + ")");
        }

        if (createdFrom is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedTime ge {createdFrom.Value}"));
        }

        if (createdTo is not null)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedTime le {createdTo.Value}"));
        }

        if (!string.IsNullOrEmpty(prefix))
        {
            var encoded = KeyEncoding.Encode(prefix);
            var upper = encoded + "\uffff";
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey ge {encoded} and PartitionKey lt {upper}"));
        }

        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }
}
