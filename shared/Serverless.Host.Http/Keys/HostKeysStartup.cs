using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Host.Hosting;
using Serverless.Host.Http.Functions;
using Serverless.Worker;

namespace Serverless.Host.Http.Keys;

/// <summary>
/// At start, reads the host keys and the keys of each Function-level HTTP function, generating them into storage on
/// the first start. A storage problem stops the start here, not at the first request.
/// </summary>
internal sealed class HostKeysStartup(HostKeys keys, SecretsStore store, KeyConfiguration configured, FunctionCatalog catalog, ILogger<HostKeysStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!store.IsConfigured)
        {
            Log.KeysFromConfigurationOnly(logger, keys.HostId, configured.Count);
            return;
        }

        try
        {
            await keys.HostSecretsAsync(refresh: false, cancellationToken).ConfigureAwait(false);
            foreach (var function in catalog.Functions)
            {
                if (function.TriggerBinding is HttpTriggerBinding { Level: AuthorizationLevel.Function })
                {
                    await keys.FunctionSecretsAsync(function.Name, refresh: false, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (RequestFailedException ex)
        {
            throw new InvalidOperationException(
                $"Cannot read or create the host keys in blob container '{SecretsStore.ContainerName}' of 'AzureWebJobsStorage' (host id '{keys.HostId}'): {ex.Message}", ex);
        }

        Log.KeysReady(logger, keys.HostId, configured.Count, SecretsStore.ContainerName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
