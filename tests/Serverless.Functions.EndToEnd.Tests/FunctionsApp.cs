using System.Reflection;
using Azure.Storage.Queues;
using Microsoft.DurableTask.Client;
using Serverless.FunctionsHost;
using Serverless.Testing;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>
/// The assembly's one Azurite and one local host on functions/Serverless.Functions' build output (the real worker
/// process), with keys checked as in Azure, its own task hub and host id, and Durable queues polled every second at most.
/// </summary>
public sealed class FunctionsApp : IAsyncLifetime
{
    /// <summary>The queues the samples name in their attributes.</summary>
    public const string OrdersQueue = "orders";
    public const string ConfirmationsQueue = "order-confirmations";
    public const string ReportsQueue = "reports";

    private readonly AzuriteFixture _azurite = new();
    private LocalFunctionsHost? _host;
    private DurableTaskClient? _durable;

    public static string AppDirectory { get; } = typeof(FunctionsApp).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AppDirectory").Value!;

    public LocalFunctionsHost Host => _host ?? throw new InvalidOperationException("The app's host has not started.");

    /// <summary>A client of the app's task hub, to look at instances the HTTP API does not list.</summary>
    public DurableTaskClient Durable => _durable ?? throw new InvalidOperationException("The app's host has not started.");

    public QueueClient Queue(string name) =>
        new(_azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public async ValueTask InitializeAsync()
    {
        await _azurite.InitializeAsync();

        // Functions never creates a trigger's queue: whoever sends to it does (here, before the listener starts).
        await Queue(OrdersQueue).CreateIfNotExistsAsync();

        _host = await LocalFunctionsHost.StartAsync(HostOptions(_azurite.ConnectionString, "e2e"));
        _durable = await _host.GetDurableTaskClientAsync();
    }

    /// <summary>
    /// The options of a host of the app on <paramref name="storage"/>: its own host id and task hub (named from
    /// <paramref name="prefix"/>), keys checked, Durable queues polled every second at most.
    /// </summary>
    public static FunctionsHostOptions HostOptions(string storage, string prefix)
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var options = new FunctionsHostOptions
        {
            AppDirectory = AppDirectory,
            HttpPort = 0,
            UseEnvironment = false,
            EnableAuth = true,
        };
        options.Settings["AzureWebJobsStorage"] = storage;
        options.Settings["AzureFunctionsWebHost__hostid"] = $"{prefix}-{unique}";
        options.Settings["AzureFunctionsJobHost__extensions__durableTask__hubName"] = $"{prefix}{unique}";
        options.Settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:01";

        // A failing queue message is retried at once rather than after host.json's 30 s, so it reaches the poison queue quickly.
        options.Settings["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00";

        // A job's waiter looks at it every 2 s (not 30): a terminated caller or a crash nobody reported is found quickly.
        options.Settings["Serverless__Jobs__CheckInterval"] = "00:00:02";

        // ... and continues as new after every look, so the longer job tests run over several generations of the waiter.
        options.Settings["Serverless__Jobs__ChecksPerGeneration"] = "1";
        options.Settings["Serverless__Jobs__CompletionQueue"] = $"{prefix}{unique}-job-completions";

        // The report timer fires only when a test runs it through the admin API.
        options.Settings["DailyReportSchedule"] = "0 0 0 1 1 *";
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}
