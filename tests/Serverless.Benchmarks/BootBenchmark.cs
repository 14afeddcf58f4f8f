using System.Diagnostics;

namespace Serverless.Benchmarks;

/// <summary>
/// Boot: LocalFunctionsHost.StartAsync to the first successful HTTP answer, measured in this process (no process
/// start), three times on the same storage; and host + worker memory after the durable runs.
/// </summary>
internal sealed class BootBenchmark : IBenchmark
{
    private const int Starts = 3;

    public string Name => "boot";

    public TimeSpan Timeout => TimeSpan.FromSeconds(120);

    public async Task RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var coldStart = run.HostStarts.Count > 0 ? run.HostStarts[0] : (TimeSpan?)null;
        var settings = TestApp.Settings(run.ConnectionString, "boot");
        var answered = new List<double>();
        var started = new List<double>();
        MemoryUse? idle = null;
        for (var i = 0; i < Starts; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var host = await run.StartHostAsync(settings, cancellationToken);
            started.Add(clock.Elapsed.TotalMilliseconds);
            using var http = host.CreateHttpClient();
            http.Timeout = TimeSpan.FromSeconds(5);
            await Wait.UntilAsync(
                async () =>
                {
                    try
                    {
                        using var response = await http.GetAsync(new Uri("api/echo/boot", UriKind.Relative), cancellationToken);
                        return response.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(30), () => "GET api/echo/boot to answer 2xx", cancellationToken);
            answered.Add(clock.Elapsed.TotalMilliseconds);
            run.Log($"boot {i + 1}: StartAsync {Stats.Ms(started[^1])}, first HTTP 200 at {Stats.Ms(answered[^1])}");
            idle ??= MemoryUse.Measure(host.WorkerProcessId);
        }

        var median = Stats.Median(answered);
        run.Report.Add(
            $"boot: LocalFunctionsHost.StartAsync to the first 200 of GET api/echo/boot, in process, median of {Starts} (same storage and task hub each time)",
            $"{Stats.Ms(median)} (runs {string.Join(", ", answered.Select(Stats.Ms))}; StartAsync alone median {Stats.Ms(Stats.Median(started))})",
            "",
            Report.Below(median, 1500, "ms"));
        if (coldStart is { } cold)
        {
            run.Report.Add("boot: the run's first host start (cold process: JIT, new task hub), StartAsync alone", Stats.Ms(cold), "", "");
        }

        var memory = run.AfterDurable ?? idle!;
        run.Report.Add(
            run.AfterDurable is null ? "memory: host + worker RSS of an idle host (no durable runs in this run)" : "memory: host + worker RSS after the durable runs (host = this process's VmRSS, worker = /proc/<WorkerProcessId>/status VmRSS)",
            $"{Stats.F(memory.TotalMegabytes)} MB (host {Stats.F(memory.HostMegabytes)} MB + worker {Stats.F(memory.WorkerMegabytes)} MB)",
            "",
            Report.Below(memory.TotalMegabytes, 300, "MB"));
    }
}
