using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Benchmarks;

/// <summary>What one host measured with one set of Durable settings.</summary>
internal sealed record DurableFigures(
    double Chain10Ms,
    double Chain100ActivitiesPerSecond,
    double HubRequestsPerActivity,
    double AllRequestsPerActivity,
    TimeSpan Concurrent100,
    TimeSpan FanOut1000);

/// <summary>
/// The Durable scenarios on one running host, through its DurableTaskClient (the Durable extension's own gRPC endpoint):
/// chains of the test app's Chain orchestration (Add activities one after another) and its FanOut orchestration.
/// Times run from the schedule call to the poll that first saw the instance Completed.
/// </summary>
internal sealed class DurableScenarios(BenchmarkRun run, DurableTaskClient client, string hub, int workerProcessId)
{
    private static readonly OrchestrationRuntimeStatus[] Finished = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public async Task<DurableFigures> RunAsync(CancellationToken cancellationToken)
    {
        // The first instance after a start pays for JIT and the first history reads; a run measures warm.
        await RunOneAsync("Chain", new { Steps = 2 }, 1, TimeSpan.FromMilliseconds(20), cancellationToken);
        await RunOneAsync("FanOut", 10, 45, TimeSpan.FromMilliseconds(50), cancellationToken);

        var chain10 = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            chain10.Add((await RunOneAsync("Chain", new { Steps = 10 }, 45, TimeSpan.FromMilliseconds(20), cancellationToken)).Elapsed.TotalMilliseconds);
        }

        run.Log($"  10-activity chains: {string.Join(", ", chain10.Select(Stats.Ms))}");
        var (chain100, hubRequests, allRequests) = await Chain100Async(cancellationToken);
        var concurrent = await ConcurrentChainsAsync(100, 10, cancellationToken);
        var fanOut = (await RunOneAsync("FanOut", 1000, 499_500, TimeSpan.FromMilliseconds(100), cancellationToken)).Elapsed;
        run.Log($"  fan-out of 1,000: {Stats.Ms(fanOut)}");
        return new DurableFigures(Stats.Median(chain10), 100 / chain100.TotalSeconds, hubRequests / 100.0, allRequests / 100.0, concurrent, fanOut);
    }

    /// <summary>Chain(Steps=100) with the storage requests Azurite logged meanwhile, less the benchmark's own status polls.</summary>
    private async Task<(TimeSpan Elapsed, int HubRequests, int AllRequests)> Chain100Async(CancellationToken cancellationToken)
    {
        var position = run.Azurite.LogPosition;
        var from = DateTime.UtcNow;
        var cpu = new CpuMeter(run.Azurite.ProcessId, Environment.ProcessId, workerProcessId);
        var (elapsed, done, polls) = await RunOneAsync("Chain", new { Steps = 100 }, 4950, TimeSpan.FromMilliseconds(20), cancellationToken);
        run.Log($"  100-step chain, CPU per activity: {cpu.PerItem(100)}");
        var requests = await run.Azurite.ReadRequestsAsync(position, from, done, cancellationToken);

        // Each GetInstanceAsync poll is one query of the Instances table: the benchmark's, not the host's.
        var statusReads = requests.Count(r => r.Service == "Table" && r.Method == "GET" && r.Resource.Equals(hub + "Instances", StringComparison.OrdinalIgnoreCase));
        // The task hub's queues, tables and containers start with its name; table batches ($batch) are its history writes.
        var hubRequests = requests.Count(r => r.Resource.StartsWith(hub, StringComparison.OrdinalIgnoreCase) || r.Resource == "$batch") - Math.Min(polls, statusReads);
        var allRequests = requests.Count - Math.Min(polls, statusReads);
        run.Log($"  100-step chain: {Stats.Ms(elapsed)}, {requests.Count} storage requests ({statusReads} Instances reads for {polls} status polls); by kind:");
        foreach (var kind in requests.GroupBy(r => r.Kind.Replace(hub, "{hub}", StringComparison.OrdinalIgnoreCase)).OrderByDescending(g => g.Count()))
        {
            run.Log($"    {kind.Count(),5}  {kind.Key}");
        }

        return (elapsed, hubRequests, allRequests);
    }

    /// <summary>Schedules <paramref name="count"/> Chain(steps) at once; the time until all are seen Completed.</summary>
    private async Task<TimeSpan> ConcurrentChainsAsync(int count, int steps, CancellationToken cancellationToken)
    {
        var prefix = $"many-{Guid.NewGuid():N}"[..17] + "-";
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
            await client.ScheduleNewOrchestrationInstanceAsync("Chain", new { Steps = steps }, new StartOrchestrationOptions(InstanceId: $"{prefix}{i:D3}"), token));
        var scheduled = clock.Elapsed;
        var finished = new List<OrchestrationMetadata>();
        await Wait.UntilAsync(
            async () =>
            {
                finished.Clear();
                var query = new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = Finished, PageSize = 1000, FetchInputsAndOutputs = true };
                await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
                {
                    finished.Add(instance);
                }

                return finished.Count >= count;
            },
            TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(3), () => $"{count} Chain({steps}) instances '{prefix}*' to finish ({finished.Count} had)", cancellationToken);
        var elapsed = clock.Elapsed;
        var wrong = finished.Where(i => i.RuntimeStatus != OrchestrationRuntimeStatus.Completed || i.SerializedOutput != "45").ToList();
        if (wrong.Count > 0)
        {
            throw new InvalidOperationException($"{wrong.Count} of {count} concurrent chains did not complete with 45, e.g. {wrong[0].InstanceId}: {wrong[0].RuntimeStatus} {wrong[0].SerializedOutput} {wrong[0].FailureDetails?.ErrorMessage}");
        }

        run.Log($"  {count} concurrent Chain({steps}): scheduled in {Stats.Ms(scheduled)}, all completed after {Stats.Ms(elapsed)}");
        return elapsed;
    }

    /// <summary>Schedules one instance and polls GetInstanceAsync until it finishes; checks its output.</summary>
    private async Task<(TimeSpan Elapsed, DateTime Done, int Polls)> RunOneAsync(string name, object input, int expected, TimeSpan poll, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, cancellationToken);
        var polls = 0;
        OrchestrationMetadata? state = null;
        var done = await Wait.UntilAsync(
            async () =>
            {
                polls++;
                state = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken);
                return state is not null && Finished.Contains(state.RuntimeStatus);
            },
            poll, TimeSpan.FromMinutes(3), () => $"{name} instance {id} to finish (last seen {state?.RuntimeStatus.ToString() ?? "nowhere"})", cancellationToken);
        var elapsed = clock.Elapsed;
        var result = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        if (result?.RuntimeStatus != OrchestrationRuntimeStatus.Completed || result.SerializedOutput != expected.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{name} instance {id} ended {result?.RuntimeStatus} with '{result?.SerializedOutput}' (expected {expected}): {result?.FailureDetails?.ErrorMessage}");
        }

        return (elapsed, done, polls);
    }
}
