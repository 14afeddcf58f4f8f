using Microsoft.DurableTask.Client;
using Serverless.FunctionsHost;
using Serverless.Testing;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>
/// A second host of the app for the CPU-bound job tests, on an Azurite of its own: those tests kill its worker, which
/// must not disturb the tests running on the shared host meanwhile, and its queue triggers must not take the shared
/// host's messages (two hosts of one app on one storage account share their queues, as two instances in Azure do).
/// </summary>
public sealed class JobsApp : IAsyncDisposable
{
    private readonly SemaphoreSlim _start = new(1, 1);
    private readonly AzuriteFixture _azurite = new();
    private LocalFunctionsHost? _host;
    private DurableTaskClient? _durable;

    public async Task<(LocalFunctionsHost Host, DurableTaskClient Durable)> GetAsync()
    {
        await _start.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_host is null)
            {
                await _azurite.InitializeAsync();
                _host = await LocalFunctionsHost.StartAsync(FunctionsApp.HostOptions(_azurite.ConnectionString, "jobs"));
                _durable = await _host.GetDurableTaskClientAsync();
            }

            return (_host, _durable!);
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _azurite.DisposeAsync();
        _start.Dispose();
    }
}
