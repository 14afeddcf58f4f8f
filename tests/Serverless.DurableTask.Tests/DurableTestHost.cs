using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.Engine.Dispatch;
using Serverless.DurableTask.Engine.InMemory;

namespace Serverless.DurableTask.Tests;

/// <summary>A started host with the engine on the in-memory backend; several hosts can share one store (worker restart).</summary>
internal sealed class DurableTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DurableTestHost(IHost host)
    {
        _host = host;
    }

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public InMemoryOrchestrationService Store => _host.Services.GetRequiredService<InMemoryOrchestrationService>();

    public OrchestrationDispatcher Dispatcher => _host.Services.GetRequiredService<DurableTaskWorker>().Orchestrations;

    public IServiceProvider Services => _host.Services;

    public static async Task<DurableTestHost> StartAsync(
        Action<DurableTaskRegistry> tasks,
        TimeProvider? time = null,
        InMemoryOrchestrationService? store = null,
        Action<DurableTaskEngineOptions>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var clock = time ?? TimeProvider.System;
        builder.Services.AddSingleton(clock);
        if (store is not null)
        {
            builder.Services.AddSingleton(store);
        }

        builder.Services.AddDurableTaskEngine(o =>
        {
            o.ReceiveTimeout = TimeSpan.FromMilliseconds(200);
            o.ClientPollInterval = TimeSpan.FromMilliseconds(10);
            configure?.Invoke(o);
        }).UseInMemoryStorage().AddTasks(tasks);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new DurableTestHost(host);
    }

    public static FakeTimeProvider NewFakeTime() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public async Task<OrchestrationMetadata> RunAsync(string name, object? input = null, TimeSpan? timeout = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input, TestContext.Current.CancellationToken);
        return await CompleteAsync(id, timeout);
    }

    public async Task<OrchestrationMetadata> CompleteAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(cts.Token);
        _host.Dispose();
    }
}
