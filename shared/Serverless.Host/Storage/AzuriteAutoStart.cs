using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Azurite;

namespace Serverless.Host.Storage;

/// <summary>
/// When AzureWebJobsStorage is UseDevelopmentStorage=true and nothing listens on 127.0.0.1:10000-10002, starts Azurite
/// from the repository's node_modules (data under .azurite/ beside package.json) and stops it when the host stops.
/// Registered first, so it starts before and stops after every other part of the host.
/// </summary>
internal sealed class AzuriteAutoStart(StorageConnections connections, ILogger<AzuriteAutoStart> logger) : IHostedService
{
    private AzuriteProcess? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!connections.IsDevelopmentStorage())
        {
            return;
        }

        var options = AzuriteOptions.DevelopmentStorage;
        if (await AzuriteProcess.IsListeningAsync(options.BlobPort, cancellationToken).ConfigureAwait(false))
        {
            Log.AzuriteAlreadyRunning(logger, options.BlobPort);
            return;
        }

        var searchFrom = new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        var script = AzuriteProcess.FindAzuriteScript(searchFrom);
        var root = script is null ? Directory.GetCurrentDirectory() : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(script)!, "..", "..", "..", ".."));
        _azurite = await AzuriteProcess.StartAsync(
            options with { SearchFrom = searchFrom, DataLocation = Path.Combine(root, ".azurite") },
            cancellationToken).ConfigureAwait(false);
        Log.AzuriteStarted(logger, _azurite.ProcessId, Path.Combine(root, ".azurite"));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync().ConfigureAwait(false);
            _azurite = null;
        }
    }
}
