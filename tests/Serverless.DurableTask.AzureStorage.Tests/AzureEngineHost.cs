using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.Engine.Storage;
using Serverless.Testing;

namespace Serverless.DurableTask.AzureStorage.Tests;

/// <summary>A started host running the durable engine on the Azure Storage backend against the test Azurite.</summary>
internal sealed class AzureEngineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private AzureEngineHost(IHost host) => _host = host;

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public AzureStorageOrchestrationService Backend => (AzureStorageOrchestrationService)_host.Services.GetRequiredService<IOrchestrationService>();

    public static async Task<AzureEngineHost> StartAsync(AzuriteFixture azurite, string hubName, Action<DurableTaskRegistry> tasks, Action<AzureStorageDurableOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (Environment.GetEnvironmentVariable("DURABLE_TEST_LOG") == "1")
        {
            builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.AddDurableTaskEngine(o =>
        {
            o.HubName = hubName;
            o.ReceiveTimeout = TimeSpan.FromMilliseconds(500);
            o.ClientPollInterval = TimeSpan.FromMilliseconds(50);
        })
        .UseAzureStorage(azurite.ConnectionString, o =>
        {
            o.LeaseDuration = TimeSpan.FromSeconds(15);
            o.LeaseRenewInterval = TimeSpan.FromSeconds(2);
            o.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(o);
        })
        .AddTasks(tasks);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new AzureEngineHost(host);
    }

    public async Task<OrchestrationMetadata> RunAsync(string name, object? input = null, TimeSpan? timeout = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input, TestContext.Current.CancellationToken);
        return await CompleteAsync(id, timeout);
    }

    public async Task<OrchestrationMetadata> CompleteAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(cts.Token);
        _host.Dispose();
    }
}
