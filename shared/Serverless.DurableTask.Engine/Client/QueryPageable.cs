using System.Runtime.CompilerServices;
using Azure;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Client;

/// <summary>Instance query results as Azure.Core pages, following the backend's continuation tokens.</summary>
internal sealed class QueryPageable(IOrchestrationServiceClient store, OrchestrationQuery query) : AsyncPageable<OrchestrationMetadata>
{
    public override async IAsyncEnumerable<Page<OrchestrationMetadata>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        var token = continuationToken ?? query.ContinuationToken;
        do
        {
            var page = await store.QueryStatesAsync(
                new OrchestrationStateQuery
                {
                    Statuses = query.Statuses?.ToList(),
                    CreatedFrom = query.CreatedFrom,
                    CreatedTo = query.CreatedTo,
                    InstanceIdPrefix = query.InstanceIdPrefix,
                    PageSize = pageSizeHint ?? query.PageSize,
                    ContinuationToken = token,
                    FetchInputsAndOutputs = query.FetchInputsAndOutputs,
                },
                CancellationToken).ConfigureAwait(false);
            token = page.ContinuationToken;
            var values = page.States.Select(s => EngineDurableTaskClient.ToMetadata(s, query.FetchInputsAndOutputs)).ToList();
            yield return Page<OrchestrationMetadata>.FromValues(values, token, NoResponse.Instance);
        }
        while (token is not null);
    }

    /// <summary>Pages here do not come from one HTTP response.</summary>
    private sealed class NoResponse : Response
    {
        public static readonly NoResponse Instance = new();

        public override int Status => 200;

        public override string ReasonPhrase => "OK";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = string.Empty;

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<Azure.Core.HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
