using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.Benchmarks.Durable;

/// <summary>
/// The durable engine on the Azure Storage backend against the run's Azurite: the raw queue/table round-trip ceiling, then
/// (a) 100 orchestrations each a sequential chain of 10 activities, (b) one fan-out/fan-in of 1,000 activities. Every
/// storage request the engine's backend makes is counted by a pipeline policy, giving storage operations per activity.
/// </summary>
internal sealed class AzureStorageDurableBenchmark : IBenchmark
{
    private const string OpsTarget = "<= 8 per activity (chain)";

    public string Name => "durable-azure";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        var chains = context.Quick ? 20 : 100;
        var fanOut = context.Quick ? 200 : 1000;
        var name = Name;
        var (queueOpsPerSecond, batchesPerSecond) = await RawCeilingAsync(context.StorageConnectionString, context.Quick ? 100 : 300, cancellationToken).ConfigureAwait(false);
        context.Progress.WriteLine($"durable-azure: raw ceiling {queueOpsPerSecond:0} queue ops/s, {batchesPerSecond:0} table batches/s");

        var counter = new RequestCounter();
        var hub = "bench" + Guid.NewGuid().ToString("N")[..10];
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDurableTaskEngine(o =>
            {
                o.HubName = hub;
                o.ReceiveTimeout = TimeSpan.FromMilliseconds(500);
            })
            .UseAzureStorage(_ => Clients(context.StorageConnectionString, counter))
            .AddTasks(OrchestrationBatch.AddWorkloads);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        // Completion polling goes through separate, uncounted clients so it does not inflate the engine's count.
        await using var observer = new AzureStorageOrchestrationService(
            new QueueServiceClient(context.StorageConnectionString), new TableServiceClient(context.StorageConnectionString), new BlobServiceClient(context.StorageConnectionString),
            new AzureStorageDurableOptions { TaskHubName = hub }, TimeProvider.System, NullLogger<AzureStorageOrchestrationService>.Instance);
        try
        {
            await OrchestrationBatch.RunAsync(client, observer, "Chain", 10, 5, TimeSpan.FromMilliseconds(20), TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false); // warm-up (JIT, queues)
            context.Progress.WriteLine($"durable-azure: {chains} chains of 10 activities");
            counter.Reset();
            var (chainElapsed, chainLatencies) = await OrchestrationBatch.RunAsync(client, observer, "Chain", 10, chains, TimeSpan.FromMilliseconds(20), TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
            var chainOps = counter.Count / (double)(chains * 10);

            context.Progress.WriteLine($"durable-azure: fan-out/fan-in of {fanOut} activities");
            counter.Reset();
            var (fanElapsed, _) = await OrchestrationBatch.RunAsync(client, observer, "FanOut", fanOut, 1, TimeSpan.FromMilliseconds(20), TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
            var fanOps = counter.Count / (double)fanOut;

            return
            [
                new(name, "raw ceiling: queue send+receive+delete", queueOpsPerSecond, "ops/s"),
                new(name, "raw ceiling: table batch (10 rows)", batchesPerSecond, "batches/s"),
                new(name, $"chain {chains}x10: throughput (baseline = raw ops/s / ops per activity)", chains * 10 / chainElapsed.TotalSeconds, "activities/s", queueOpsPerSecond / chainOps),
                new(name, $"chain {chains}x10: storage operations per activity", chainOps, "ops", Target: OpsTarget),
                new(name, $"chain {chains}x10: orchestration latency p50", Statistics.Percentile(chainLatencies, 50), "ms"),
                new(name, $"chain {chains}x10: orchestration latency p99", Statistics.Percentile(chainLatencies, 99), "ms"),
                new(name, $"fan-out {fanOut}: throughput (baseline = raw ops/s / ops per activity)", fanOut / fanElapsed.TotalSeconds, "activities/s", queueOpsPerSecond / fanOps),
                new(name, $"fan-out {fanOut}: storage operations per activity", fanOps, "ops"),
                new(name, $"fan-out {fanOut}: orchestration latency", fanElapsed.TotalMilliseconds, "ms"),
            ];
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static (QueueServiceClient, TableServiceClient, BlobServiceClient) Clients(string connectionString, RequestCounter counter)
    {
        var queueOptions = new QueueClientOptions();
        queueOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        return (new QueueServiceClient(connectionString, queueOptions), new TableServiceClient(connectionString, tableOptions), new BlobServiceClient(connectionString, blobOptions));
    }

    /// <summary>Sequential round trips with the raw SDK: queue send, receive and delete per message; one 10-row table batch.</summary>
    private static async Task<(double QueueOpsPerSecond, double BatchesPerSecond)> RawCeilingAsync(string connectionString, int iterations, CancellationToken cancellationToken)
    {
        var queue = new QueueClient(connectionString, "rawceiling" + Guid.NewGuid().ToString("N")[..8]);
        await queue.CreateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            await queue.SendMessageAsync("{\"n\":1}", cancellationToken).ConfigureAwait(false);
            var received = await queue.ReceiveMessageAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await queue.DeleteMessageAsync(received.Value.MessageId, received.Value.PopReceipt, cancellationToken).ConfigureAwait(false);
        }

        var queueOps = iterations * 3 / clock.Elapsed.TotalSeconds;
        await queue.DeleteAsync(cancellationToken).ConfigureAwait(false);

        var table = new TableClient(connectionString, "rawceiling" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateAsync(cancellationToken).ConfigureAwait(false);
        clock.Restart();
        for (var i = 0; i < iterations; i++)
        {
            var actions = Enumerable.Range(0, 10).Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", $"{i:D6}-{r:D2}") { ["Data"] = "x" }));
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }

        var batches = iterations / clock.Elapsed.TotalSeconds;
        await table.DeleteAsync(cancellationToken).ConfigureAwait(false);
        return (queueOps, batches);
    }

    /// <summary>Counts every HTTP request (each retry too) the storage clients send.</summary>
    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }
}
