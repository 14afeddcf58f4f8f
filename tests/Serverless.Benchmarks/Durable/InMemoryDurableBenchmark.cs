using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.Benchmarks.Durable;

/// <summary>
/// The durable engine on the in-memory backend: (a) 100 orchestrations, each a sequential chain of 10 activities, started
/// together; (b) one fan-out/fan-in of 1,000 activities. Reports activities per second and orchestration latency.
/// </summary>
internal sealed class InMemoryDurableBenchmark : IBenchmark
{
    private const string Target = ">= 5000 activities/s";

    public string Name => "durable-memory";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var chains = context.Quick ? 20 : 100;
        var fanOut = context.Quick ? 200 : 1000;
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDurableTaskEngine(o => o.ReceiveTimeout = TimeSpan.FromMilliseconds(200))
            .UseInMemoryStorage()
            .AddTasks(OrchestrationBatch.AddWorkloads);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        var store = host.Services.GetRequiredService<IOrchestrationServiceClient>();
        try
        {
            await OrchestrationBatch.RunAsync(client, store, "Chain", 10, 5, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false); // warm-up (JIT)
            context.Progress.WriteLine($"durable-memory: {chains} chains of 10 activities");
            var (chainElapsed, chainLatencies) = await OrchestrationBatch.RunAsync(client, store, "Chain", 10, chains, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
            context.Progress.WriteLine($"durable-memory: fan-out/fan-in of {fanOut} activities");
            var (fanElapsed, _) = await OrchestrationBatch.RunAsync(client, store, "FanOut", fanOut, 1, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);

            var name = $"durable-memory";
            return
            [
                new(name, $"chain {chains}x10: throughput", chains * 10 / chainElapsed.TotalSeconds, "activities/s", Target: Target),
                new(name, $"chain {chains}x10: orchestration latency p50", Statistics.Percentile(chainLatencies, 50), "ms"),
                new(name, $"chain {chains}x10: orchestration latency p99", Statistics.Percentile(chainLatencies, 99), "ms"),
                new(name, $"fan-out {fanOut}: throughput", fanOut / fanElapsed.TotalSeconds, "activities/s", Target: Target),
                new(name, $"fan-out {fanOut}: orchestration latency", fanElapsed.TotalMilliseconds, "ms"),
            ];
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
