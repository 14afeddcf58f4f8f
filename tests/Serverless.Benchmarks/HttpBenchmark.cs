namespace Serverless.Benchmarks;

/// <summary>
/// GET api/echo/{name} (the Echo function) through the host's HTTP front, for both HTTP models (one host each), against
/// the same answer from a bare Kestrel minimal API in this process: closed-loop clients, a fixed number of requests after
/// a warm-up (1,000 requests per target; SERVERLESS_BENCH_HTTP_WARMUP sets another count: on 2 busy cores the tiered JIT
/// is still compiling the host's request path after 10,000 requests, so short warm-ups measure mostly the JIT).
/// CPU per request is counted over the measured requests only.
/// </summary>
internal sealed class HttpBenchmark : IBenchmark
{
    private const int Clients = 16;
    private const int Requests = 3000;

    private static readonly int Warmup = int.TryParse(Environment.GetEnvironmentVariable("SERVERLESS_BENCH_HTTP_WARMUP"), out var warmup) && warmup >= 0 ? warmup : 1000;

    public string Name => "http";

    public TimeSpan Timeout => TimeSpan.FromSeconds(180);

    public async Task RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var before = await BaselineAsync(run, cancellationToken);
        var aspNetCore = await HostAsync(run, builtIn: false, cancellationToken);
        var builtIn = await HostAsync(run, builtIn: true, cancellationToken);
        var after = await BaselineAsync(run, cancellationToken);

        var baseline = new LoadResult(Requests, (before.RequestsPerSecond + after.RequestsPerSecond) / 2, (before.P50 + after.P50) / 2, (before.P99 + after.P99) / 2);
        var baselineText = $"bare Kestrel minimal API: {baseline} (mean of the runs before and after: {Stats.F(before.RequestsPerSecond)}, {Stats.F(after.RequestsPerSecond)} req/s)";
        foreach (var (model, result) in new[] { ("ASP.NET Core integration", aspNetCore), ("built-in model", builtIn) })
        {
            run.Report.Add(
                $"http: GET api/echo/bench, {model}, {Clients} concurrent clients, {Requests:N0} requests",
                result.ToString(),
                baselineText,
                Report.AtLeast(result.RequestsPerSecond / baseline.RequestsPerSecond, 0.5));
        }
    }

    private static async Task<LoadResult> BaselineAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var (app, uri) = await BareKestrel.StartAsync(cancellationToken);
        await using (app)
        {
            var allocated = 0L;
            var result = await HttpLoad.RunAsync(uri, Clients, Requests, Warmup, cancellationToken, measuring: () => allocated = GC.GetTotalAllocatedBytes(precise: true));
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            run.Log($"bare Kestrel (warm-up {Warmup:N0}): {result}; this process (client and server) allocated {Stats.F(allocated / 1024.0 / Requests, 1)} KB per request");
            return result;
        }
    }

    private static async Task<LoadResult> HostAsync(BenchmarkRun run, bool builtIn, CancellationToken cancellationToken)
    {
        var settings = TestApp.Settings(run.ConnectionString, "http");
        if (builtIn)
        {
            settings["TESTAPP_HTTP_MODEL"] = "builtin";
        }

        var lines = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        await using var host = await run.StartHostAsync(settings, cancellationToken, new LogTap((_, category, _) => lines.AddOrUpdate(category, 1, (_, n) => n + 1)));
        if (host.UsesAspNetCoreIntegration == builtIn)
        {
            throw new InvalidOperationException($"The host runs the {(host.UsesAspNetCoreIntegration ? "ASP.NET Core integration" : "built-in")} HTTP model; TESTAPP_HTTP_MODEL asked for the other.");
        }

        CpuMeter? cpu = null;
        var allocated = 0L;
        lines.Clear();
        var result = await HttpLoad.RunAsync(new Uri(host.BaseAddress, "api/echo/bench"), Clients, Requests, Warmup, cancellationToken, measuring: () =>
        {
            cpu = new CpuMeter(run.Azurite.ProcessId, Environment.ProcessId, host.WorkerProcessId ?? 0);
            allocated = GC.GetTotalAllocatedBytes(precise: true);
        });
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        run.Log($"  host log lines per request: {Stats.F(lines.Values.Sum() / (double)(Requests + Warmup), 1)} ({string.Join(", ", lines.OrderByDescending(l => l.Value).Take(4).Select(l => $"{l.Key} {Stats.F(l.Value / (double)(Requests + Warmup), 1)}"))})");
        run.Log($"host, {(builtIn ? "built-in model" : "ASP.NET Core integration")} (warm-up {Warmup:N0}): {result}; CPU per measured request (client in this process too): {cpu!.PerItem(Requests)}; this process allocated {Stats.F(allocated / 1024.0 / Requests, 1)} KB per request");
        return result;
    }
}
