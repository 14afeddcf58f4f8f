using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Serverless.Benchmarks;

// Usage: dotnet run -c Release --project tests/Serverless.Benchmarks -- [all|queue|http|rpc|durable|boot|memory|jobs|tasks ...]
// One run, one Azurite (debug log on, see DebugAzurite): each section measures the local Functions host on the real test app
// against a baseline taken in the same run, and the run ends with one markdown table on stdout (progress goes to stderr).
IBenchmark[] sections = [new QueueBenchmark(), new HttpBenchmark(), new RpcBenchmark(), new DurableBenchmark(), new BootBenchmark(), new MemoryBenchmark(), new JobsBenchmark(), new TasksBenchmark()];
var asked = args.Length == 0 || args.Contains("all", StringComparer.OrdinalIgnoreCase)
    ? sections
    : sections.Where(s => args.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
var unknown = args.Where(a => !a.Equals("all", StringComparison.OrdinalIgnoreCase) && !sections.Any(s => s.Name.Equals(a, StringComparison.OrdinalIgnoreCase))).ToList();
if (unknown.Count > 0 || asked.Length == 0)
{
    Console.Error.WriteLine($"Unknown section '{string.Join(", ", unknown)}'. Use all or any of: {string.Join(", ", sections.Select(s => s.Name))}.");
    return 2;
}

var clock = Stopwatch.StartNew();
var report = new Report();
await using var azurite = await DebugAzurite.StartAsync(CancellationToken.None);
var run = new BenchmarkRun(azurite, report, Console.Error);
var failed = 0;
foreach (var section in asked)
{
    run.Log($"== {section.Name}");
    run.SectionHosts.Clear();
    using var timeout = new CancellationTokenSource(section.Timeout);
    try
    {
        // WaitAsync: a section stuck in a call that ignores its token still ends at the timeout.
        await section.RunAsync(run, timeout.Token).WaitAsync(timeout.Token);
    }
    catch (Exception ex)
    {
        failed++;
        var why = ex is OperationCanceledException && timeout.IsCancellationRequested ? $"timed out after {section.Timeout.TotalSeconds:0} s" : $"{ex.GetType().Name}: {ex.Message}";
        run.Log($"{section.Name} FAILED: {why}{Environment.NewLine}{ex}");
        foreach (var entry in run.SectionHosts.SelectMany(h => h.Logs.Entries).Where(e => e.Level >= LogLevel.Warning).TakeLast(20))
        {
            run.Log($"  host {entry.Level} [{entry.Category}] {entry.Message} {entry.Exception?.Message}");
        }

        report.Add($"{section.Name}: FAILED", why);
    }
}

report.Print(Console.Out, clock.Elapsed);
return failed == 0 ? 0 : 1;
