namespace Serverless.Benchmarks;

/// <summary>
/// Durable Functions through the host on the test app's task hub: the same scenarios on two hosts, one with the app's
/// own settings (host.json as it is) and one with settings tuned for a single local host. Figures are the tuned host's,
/// baselines the default host's, both from this run.
/// </summary>
internal sealed class DurableBenchmark : IBenchmark
{
    private const string Prefix = "AzureFunctionsJobHost__extensions__durableTask__";

    /// <summary>The settings that gave the best figures on one local host (see the report for why each).</summary>
    public static IReadOnlyDictionary<string, string> LocalSettings { get; } = new Dictionary<string, string>
    {
        // The orchestration stays loaded between its steps: no history read per step.
        [Prefix + "extendedSessionsEnabled"] = "true",
        // One control queue to poll instead of four: one host owns all partitions anyway.
        [Prefix + "storageProvider__partitionCount"] = "1",
        // An idle queue is polled at least this often (the app's host.json says 1 s).
        [Prefix + "storageProvider__maxQueuePollingInterval"] = "00:00:00.250",
        // Extended sessions hold an orchestrator slot while they wait: room for 100 concurrent instances.
        [Prefix + "maxConcurrentOrchestratorFunctions"] = "200",
        [Prefix + "maxConcurrentActivityFunctions"] = "50",
    };

    public string Name => "durable";

    public TimeSpan Timeout => TimeSpan.FromMinutes(8);

    public async Task RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var defaults = await RunHostAsync(run, "default settings", new Dictionary<string, string>(), measureMemory: false, cancellationToken);
        var local = await RunHostAsync(run, "local settings", LocalSettings, measureMemory: true, cancellationToken);

        const string Cells = " (figure: local settings; baseline: default settings)";
        run.Report.Add("durable: 10-activity chain, schedule to Completed (poll 20 ms), median of 10" + Cells,
            Stats.Ms(local.Chain10Ms), Stats.Ms(defaults.Chain10Ms), TimeRatio(local.Chain10Ms, defaults.Chain10Ms));
        run.Report.Add("durable: one orchestration's sequential activities/s, Chain Steps=100" + Cells,
            $"{Stats.F(local.Chain100ActivitiesPerSecond, 1)}/s", $"{Stats.F(defaults.Chain100ActivitiesPerSecond, 1)}/s",
            $"local {Report.AtLeast(local.Chain100ActivitiesPerSecond, 80, 0, "/s")}; default {(defaults.Chain100ActivitiesPerSecond >= 80 ? "met" : "missed")}");
        run.Report.Add("durable: storage requests per activity in the 100-step chain (Azurite debug log; task hub requests, less the benchmark's status polls; all of the host's in brackets)" + Cells,
            $"{Stats.F(local.HubRequestsPerActivity, 1)} ({Stats.F(local.AllRequestsPerActivity, 1)})", $"{Stats.F(defaults.HubRequestsPerActivity, 1)} ({Stats.F(defaults.AllRequestsPerActivity, 1)})",
            $"local {Stats.F(local.HubRequestsPerActivity, 1)} (target <= 10: {(local.HubRequestsPerActivity <= 10 ? "met" : "missed")})");
        run.Report.Add("durable: 100 concurrent Chain(10) orchestrations, schedule to all Completed" + Cells,
            Throughput(local.Concurrent100), Throughput(defaults.Concurrent100), TimeRatio(local.Concurrent100.TotalMilliseconds, defaults.Concurrent100.TotalMilliseconds));
        run.Report.Add("durable: fan-out of 1,000 activities (FanOut 1000), schedule to Completed" + Cells,
            Stats.Ms(local.FanOut1000), Stats.Ms(defaults.FanOut1000), TimeRatio(local.FanOut1000.TotalMilliseconds, defaults.FanOut1000.TotalMilliseconds));
    }

    private static string TimeRatio(double local, double defaults) => $"local takes {Stats.F(local / defaults, 2)} of the default's time";

    private static string Throughput(TimeSpan elapsed) => $"{Stats.F(elapsed.TotalSeconds, 1)} s, {Stats.F(100 / elapsed.TotalSeconds, 1)} instances/s";

    private static async Task<DurableFigures> RunHostAsync(BenchmarkRun run, string variant, IReadOnlyDictionary<string, string> extra, bool measureMemory, CancellationToken cancellationToken)
    {
        var settings = TestApp.Settings(run.ConnectionString, "durable");
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        run.Log($"durable, {variant}: {string.Join(", ", extra.Select(s => $"{s.Key[Prefix.Length..]}={s.Value}"))}");
        await using var host = await run.StartHostAsync(settings, cancellationToken);
        var client = await host.GetDurableTaskClientAsync(cancellationToken);
        var figures = await new DurableScenarios(run, client, settings[Prefix + "hubName"], host.WorkerProcessId ?? 0).RunAsync(cancellationToken);
        if (measureMemory)
        {
            run.AfterDurable = MemoryUse.Measure(host.WorkerProcessId);
        }

        return figures;
    }
}
