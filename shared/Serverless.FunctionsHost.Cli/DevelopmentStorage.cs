using Serverless.Azurite;

namespace Serverless.FunctionsHost.Cli;

/// <summary>
/// UseDevelopmentStorage=true means Azurite on 127.0.0.1:10000-10002: started from the repository's node_modules
/// (data in .azurite/ beside it) when nothing listens there yet, stopped with the host.
/// </summary>
internal static class DevelopmentStorage
{
    public static async Task<IAsyncDisposable> StartIfNeededAsync(string appDirectory, CancellationToken cancellationToken)
    {
        var storage = Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? LocalSetting(appDirectory, "AzureWebJobsStorage");
        if (storage is null || !storage.Replace(" ", "", StringComparison.Ordinal).Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) ||
            await AzuriteProcess.IsListeningAsync(AzuriteOptions.DevelopmentStorage.BlobPort, cancellationToken).ConfigureAwait(false))
        {
            return new Nothing();
        }

        var script = AzuriteProcess.FindAzuriteScript([Directory.GetCurrentDirectory(), appDirectory, AppContext.BaseDirectory])
                     ?? throw new HostStartupException("AzureWebJobsStorage is UseDevelopmentStorage=true and nothing listens on 127.0.0.1:10000, but node_modules/azurite is not installed: run 'npm ci' in the repository.");
        var data = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(script)))))!, ".azurite");
        Directory.CreateDirectory(data);
        Console.WriteLine($"Starting Azurite (development storage) with data in {data}.");
        return await AzuriteProcess.StartAsync(AzuriteOptions.DevelopmentStorage with { DataLocation = data }, cancellationToken).ConfigureAwait(false);
    }

    private static string? LocalSetting(string appDirectory, string name)
    {
        var path = Path.Combine(appDirectory, "local.settings.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.TryGetProperty("Values", out var values) && values.TryGetProperty(name, out var value) ? value.GetString() : null;
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
