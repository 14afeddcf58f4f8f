using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Functions.Configuration;
using Serverless.Host.Http.Keys;
using Serverless.Worker;

namespace Serverless.DurableTask.Functions.Http;

/// <summary>
/// Builds the management URLs Durable Functions hands out: {base}/runtime/webhooks/durabletask/instances/{id}?taskHub=..
/// &amp;connection=Storage&amp;code={system key "durabletask_extension"}.
/// </summary>
internal sealed class HttpManagementUrls(IOptions<DurableTaskOptions> options, IHostKeys keys)
{
    /// <summary>The system key the management API accepts, as Durable Functions names it.</summary>
    public const string SystemKeyName = "durabletask_extension";

    /// <summary>Where the management API lives.</summary>
    public const string WebhookPath = "/runtime/webhooks/durabletask";

    private string? _systemKey;

    public string HubName => options.Value.HubName!;

    /// <summary>The connection as the URLs name it: "Storage" for the default AzureWebJobsStorage, as Durable Functions does.</summary>
    public string ConnectionName => options.Value.StorageProvider.EffectiveConnectionName is "AzureWebJobsStorage" or "Storage"
        ? "Storage"
        : options.Value.StorageProvider.EffectiveConnectionName;

    public async ValueTask<string> GetSystemKeyAsync(CancellationToken cancellationToken) =>
        _systemKey ??= await keys.GetOrCreateSystemKeyAsync(SystemKeyName, cancellationToken).ConfigureAwait(false);

    /// <summary>The key, fetched at host start (so synchronous CreateCheckStatusResponse never waits on storage).</summary>
    public string GetSystemKey() => _systemKey ?? GetSystemKeyAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public HttpManagementPayload CreatePayload(Uri requestUrl, string instanceId, string systemKey)
    {
        ArgumentNullException.ThrowIfNull(requestUrl);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var instance = $"{requestUrl.GetLeftPart(UriPartial.Authority)}{WebhookPath}/instances/{Uri.EscapeDataString(instanceId)}";
        var query = $"taskHub={Uri.EscapeDataString(HubName)}&connection={Uri.EscapeDataString(ConnectionName)}&code={Uri.EscapeDataString(systemKey)}";
        return new HttpManagementPayload
        {
            Id = instanceId,
            StatusQueryGetUri = $"{instance}?{query}",
            SendEventPostUri = $"{instance}/raiseEvent/{{eventName}}?{query}",
            TerminatePostUri = $"{instance}/terminate?reason={{text}}&{query}",
            PurgeHistoryDeleteUri = $"{instance}?{query}",
            RestartPostUri = $"{instance}/restart?{query}",
            SuspendPostUri = $"{instance}/suspend?reason={{text}}&{query}",
            ResumePostUri = $"{instance}/resume?reason={{text}}&{query}",
        };
    }

    /// <summary>Creates (or reads) the system key when the host starts.</summary>
    internal sealed class Warmup(HttpManagementUrls urls) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken) => await urls.GetSystemKeyAsync(cancellationToken).ConfigureAwait(false);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
