using System.Diagnostics;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.Benchmarks.Durable;

/// <summary>The durable benchmarks' workloads, and a batch of them started at once with each one's latency recorded.</summary>
internal static class OrchestrationBatch
{
    /// <summary>"Chain" (input: length) calls "Step" in sequence; "FanOut" (input: count) calls it in parallel.</summary>
    public static void AddWorkloads(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<int, int>("Chain", async (ctx, length) =>
        {
            var total = 0;
            for (var i = 0; i < length; i++)
            {
                total += await ctx.CallActivityAsync<int>("Step", i);
            }

            return total;
        })
        .AddOrchestratorFunc<int, int>("FanOut", async (ctx, count) =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => ctx.CallActivityAsync<int>("Step", i)));
            return results.Sum();
        })
        .AddActivityFunc<int, int>("Step", (_, i) => i + 1);

    /// <param name="observer">Reads instance states (a client outside any request counting, so polling is not measured).</param>
    /// <param name="pollInterval">How often the states are read.</param>
    /// <param name="deadline">Longest the whole batch may take.</param>
    public static async Task<(TimeSpan Elapsed, List<double> LatenciesMs)> RunAsync(
        DurableTaskClient client,
        IOrchestrationServiceClient observer,
        string orchestrator,
        int input,
        int count,
        TimeSpan pollInterval,
        TimeSpan deadline,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var started = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, cancellationToken).ConfigureAwait(false);
            started[id] = clock.Elapsed.TotalMilliseconds;
        }

        var latencies = new List<double>(count);
        while (started.Count > 0)
        {
            foreach (var (id, at) in started.ToList())
            {
                var state = await observer.GetStateAsync(id, includeInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
                if (state is { IsTerminal: true })
                {
                    if (state.Status != OrchestrationRuntimeStatus.Completed)
                    {
                        throw new InvalidOperationException($"Benchmark orchestration '{id}' ended {state.Status}: {state.FailureDetails}");
                    }

                    latencies.Add(clock.Elapsed.TotalMilliseconds - at);
                    started.Remove(id);
                }
            }

            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{started.Count} '{orchestrator}' orchestrations did not complete within {deadline}.");
            }

            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }

        return (clock.Elapsed, latencies);
    }
}
