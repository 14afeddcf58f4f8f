using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.FunctionsHost;

namespace Serverless.Benchmarks;

/// <summary>
/// The template's own function app while CPU-bound jobs burn the cores: timer lateness (DailyReport every second) and
/// queue latency (ProcessOrder, 5 orders a second) for 20 s with no job, then for 20 s while two estimate_pi jobs (4
/// ranks each, every thread at nice 19) run, in the same host. Lateness is the executor's start's distance from the second
/// the schedule names; latency is the executor's start past the send.
/// </summary>
internal sealed partial class JobsBenchmark : IBenchmark
{
    private const string TriggerDetails = "Trigger Details: MessageId: ";
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(20);

    public string Name => "jobs";

    public TimeSpan Timeout => TimeSpan.FromSeconds(240);

    private static string AppDirectory { get; } = typeof(JobsBenchmark).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsAppDirectory").Value!;

    public async Task RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var unique = $"jobs{Guid.NewGuid():N}"[..16];
        var timerStarts = new ConcurrentQueue<DateTime>();
        var queueStarts = new ConcurrentDictionary<string, DateTime>();
        var tap = new LogTap((at, category, text) =>
        {
            if (category == "Function.DailyReport" && text.StartsWith("Executing 'DailyReport'", StringComparison.Ordinal))
            {
                timerStarts.Enqueue(at);
            }
            else if (category == "Function.ProcessOrder" && text.StartsWith(TriggerDetails, StringComparison.Ordinal))
            {
                queueStarts.TryAdd(text[TriggerDetails.Length..].Split(',')[0], at);
            }
        });
        var options = new FunctionsHostOptions
        {
            AppDirectory = AppDirectory,
            HttpPort = 0,
            UseEnvironment = false,
            ConfigureLogging = logging => logging.AddProvider(tap),
        };
        options.Settings["AzureWebJobsStorage"] = run.ConnectionString;
        options.Settings["AzureFunctionsWebHost__hostid"] = unique;
        options.Settings["AzureFunctionsJobHost__extensions__durableTask__hubName"] = unique;
        options.Settings["DailyReportSchedule"] = "* * * * * *";
        options.Settings["Serverless__Jobs__CompletionQueue"] = $"{unique}-done";
        options.Settings["Serverless__Jobs__Local__MaxCpus"] = "4"; // both jobs at once: 8 ranks on this machine's cores

        var orders = new QueueClient(run.ConnectionString, "orders", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await orders.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await using var host = await LocalFunctionsHost.StartAsync(options, cancellationToken);
        run.SectionHosts.Add(host);
        var durable = await host.GetDurableTaskClientAsync();

        var quiet = await MeasureAsync(orders, timerStarts, queueStarts, cancellationToken);
        run.Log($"no jobs: timer lateness p50 {Stats.Ms(Stats.Median(quiet.Timer))}, queue latency p50 {Stats.Ms(Stats.Median(quiet.Queue))}");

        string[] jobs =
        [
            await durable.ScheduleNewOrchestrationInstanceAsync("estimate_pi", new { SamplesPerRank = 100_000_000_000L, TimeoutSeconds = 60 }, cancellationToken),
            await durable.ScheduleNewOrchestrationInstanceAsync("estimate_pi", new { SamplesPerRank = 100_000_000_000L, TimeoutSeconds = 60 }, cancellationToken),
        ];
        await Wait.UntilAsync(() => Task.FromResult(host.Logs.Containing("task monte_carlo_pi rank ").Count(e => e.Message.EndsWith("/4 starting.", StringComparison.Ordinal)) >= 8),
            TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), () => "the two jobs' 8 ranks to start sampling", cancellationToken);
        run.Log("two jobs of 4 ranks running");
        var busy = await MeasureAsync(orders, timerStarts, queueStarts, cancellationToken);
        foreach (var job in jobs)
        {
            await durable.TerminateInstanceAsync(job, "benchmark over", cancellationToken);
        }

        Add(run.Report, "timer lateness (DailyReport every second)", quiet.Timer, busy.Timer);
        Add(run.Report, "queue latency, send to start (ProcessOrder, 5/s)", quiet.Queue, busy.Queue);
    }

    private static void Add(Report report, string what, List<double> quiet, List<double> busy) =>
        report.Add(
            $"jobs: {what} while two local jobs (8 ranks at nice 19) burn the cores, {Phase.TotalSeconds:0} s",
            $"p50 {Stats.Ms(Stats.Median(busy))}, p99 {Stats.Ms(Stats.Percentile(busy, 99))} ({busy.Count} samples)",
            $"no jobs: p50 {Stats.Ms(Stats.Median(quiet))}, p99 {Stats.Ms(Stats.Percentile(quiet, 99))}",
            $"{Stats.F(Stats.Median(busy) / Math.Max(Stats.Median(quiet), 0.001), 2)} of p50, {Stats.F(Stats.Percentile(busy, 99) / Math.Max(Stats.Percentile(quiet, 99), 0.001), 2)} of p99");

    /// <summary>One phase: orders sent at 5 a second, timer starts collected; lateness and latency in milliseconds.</summary>
    private static async Task<(List<double> Timer, List<double> Queue)> MeasureAsync(
        QueueClient orders, ConcurrentQueue<DateTime> timerStarts, ConcurrentDictionary<string, DateTime> queueStarts, CancellationToken cancellationToken)
    {
        timerStarts.Clear();
        queueStarts.Clear();
        var sent = new Dictionary<string, DateTime>();
        var end = DateTime.UtcNow + Phase;
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        var n = 0;
        while (DateTime.UtcNow < end && await ticks.WaitForNextTickAsync(cancellationToken))
        {
            var at = DateTime.UtcNow;
            var receipt = await orders.SendMessageAsync(
                BinaryData.FromObjectAsJson(new { Id = $"bench-{n++}", Quantity = 1, Item = "widget" }), cancellationToken: cancellationToken);
            sent[receipt.Value.MessageId] = at;
        }

        await Wait.UntilAsync(() => Task.FromResult(sent.Keys.All(queueStarts.ContainsKey)), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(60), () => "every order of the phase to start", cancellationToken);

        // A timer start belongs to the second nearest to it (the timer may fire a few ms early): its distance from it.
        var timer = timerStarts.Select(at =>
        {
            var intoSecond = (at.Ticks % TimeSpan.TicksPerSecond) / (double)TimeSpan.TicksPerMillisecond;
            return intoSecond < 500 ? intoSecond : 1000 - intoSecond;
        }).ToList();
        var queue = sent.Select(s => (queueStarts[s.Key] - s.Value).TotalMilliseconds).ToList();
        return (timer, queue);
    }
}
