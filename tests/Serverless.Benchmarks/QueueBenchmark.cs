using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Queues;

namespace Serverless.Benchmarks;

/// <summary>
/// The Burst queue function (a no-op copying each message to the done queue) through host and worker, against the raw
/// SDK ceiling of receive(32) + delete on the same Azurite (and the like-for-like ceiling that also sends the output);
/// then the enqueue-to-start latency under a steady load at half the measured rate. The done queue is cleared as it
/// fills (see <see cref="OutputCleaner"/>), so completion is counted from the executor's log, not from that queue.
/// </summary>
internal sealed class QueueBenchmark : IBenchmark
{
    private const int Messages = 2000;
    private const string TriggerDetails = "Trigger Details: MessageId: ";

    // The queue extension reads and writes Base64 (its default MessageEncoding); a plain-text message is poisoned.
    private static readonly QueueClientOptions Base64 = new() { MessageEncoding = QueueMessageEncoding.Base64 };

    public string Name => "queue";

    public TimeSpan Timeout => TimeSpan.FromSeconds(240);

    public async Task RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var ceiling = await RawQueueCeiling.MeasureAsync(run.ConnectionString, Messages, withOutput: false, cancellationToken);
        run.Log($"raw receive(32)+delete: {Stats.F(ceiling)} msg/s");
        var likeForLike = await RawQueueCeiling.MeasureAsync(run.ConnectionString, Messages, withOutput: true, cancellationToken);
        run.Log($"raw receive(32)+send+delete: {Stats.F(likeForLike)} msg/s");

        var settings = TestApp.Settings(run.ConnectionString, "queue");
        var input = new QueueClient(run.ConnectionString, settings["BurstQueue"], Base64);
        var done = new QueueClient(run.ConnectionString, settings["BurstDoneQueue"], Base64);
        await input.CreateAsync(cancellationToken: cancellationToken);
        await done.CreateAsync(cancellationToken: cancellationToken);
        await RawQueueCeiling.EnqueueAsync(input, Messages, cancellationToken);

        // From the WebJobs executor's log: when the host began each message's invocation ("Trigger Details" names the
        // message) and how many invocations finished (their output is written by then).
        var starts = new ConcurrentDictionary<string, DateTime>();
        var executed = 0;
        var tap = new LogTap((at, category, text) =>
        {
            if (category != "Function.Burst")
            {
                return;
            }

            if (text.StartsWith(TriggerDetails, StringComparison.Ordinal))
            {
                starts.TryAdd(text[TriggerDetails.Length..].Split(',')[0], at);
            }
            else if (text.StartsWith("Executed 'Burst' (Succeeded", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref executed);
            }
        });
        await using (var host = await run.StartHostAsync(settings, cancellationToken, tap))
        await using (new OutputCleaner(done))
        {
            // The listener starts inside StartAsync: time from the first invocation to the last message consumed.
            var cpu = new CpuMeter(run.Azurite.ProcessId, Environment.ProcessId, host.WorkerProcessId ?? 0);
            var allDone = await UntilConsumedAsync(input, () => Volatile.Read(ref executed), Messages, cancellationToken);
            var consumeRate = Messages / (allDone - starts.Values.Min()).TotalSeconds;
            run.Log($"host: {Stats.F(consumeRate)} msg/s; CPU per message: {cpu.PerItem(Messages)}");
            var latencies = await SteadyLoadAsync(run, input, () => Volatile.Read(ref executed), starts, Math.Clamp(consumeRate / 2, 20, 300), cancellationToken);

            run.Report.Add(
                $"queue: Burst no-op, {Messages:N0} pre-enqueued messages consumed through host + worker (first invocation to the last one executed, its output written, and the input queue empty)",
                $"{Stats.F(consumeRate)} msg/s",
                $"raw SDK receive(32)+delete, 2 receivers: {Stats.F(ceiling)} msg/s (like for like, receive(32)+send+delete: {Stats.F(likeForLike)} msg/s)",
                $"{Report.AtLeast(consumeRate / ceiling, 0.9)}; {Stats.F(consumeRate / likeForLike, 2)} of like for like");
            run.Report.Add(
                $"queue: enqueue-to-start latency while busy ({Stats.F(latencies.Rate)} msg/s steady for 5 s, half the rate above; from the send call's start to the host's 'Trigger Details' log line of that message id)",
                $"p50 {Stats.Ms(Stats.Median(latencies.Values))}, p99 {Stats.Ms(Stats.Percentile(latencies.Values, 99))} ({latencies.Values.Count} messages)",
                "",
                Report.Below(Stats.Median(latencies.Values), 100, "ms"));
        }

        await input.DeleteIfExistsAsync(CancellationToken.None);
        await done.DeleteIfExistsAsync(CancellationToken.None);
    }

    /// <summary>Sends messages at a steady rate for 5 s while the host runs; returns each one's enqueue-to-start latency.</summary>
    private static async Task<(double Rate, List<double> Values)> SteadyLoadAsync(BenchmarkRun run, QueueClient input, Func<int> executed, ConcurrentDictionary<string, DateTime> starts, double rate, CancellationToken cancellationToken)
    {
        var count = (int)(rate * 5);
        var sent = new ConcurrentDictionary<string, DateTime>();
        var sends = new List<Task>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var body = $"steady-{i}";
            sends.Add(Task.Run(async () =>
            {
                var at = DateTime.UtcNow;
                var receipt = await input.SendMessageAsync(body, cancellationToken);
                sent[receipt.Value.MessageId] = at;
            }, cancellationToken));
        }

        await Task.WhenAll(sends);
        await UntilConsumedAsync(input, executed, Messages + count, cancellationToken);
        var missing = sent.Keys.Count(id => !starts.ContainsKey(id));
        if (missing > 0)
        {
            throw new InvalidOperationException($"{missing} of {count} steady messages were processed without a 'Trigger Details' log line naming them.");
        }

        run.Log($"steady load: {count} messages at {Stats.F(rate)} msg/s sent in {Stats.Ms(clock.Elapsed)}");
        return (rate, [.. sent.Select(s => (starts[s.Key] - s.Value).TotalMilliseconds)]);
    }

    /// <summary>
    /// Waits until <paramref name="expected"/> invocations executed and the input queue is empty (the last deletes
    /// done). Polls every 50 ms, the queue only once the invocations are there: polls cost Azurite CPU the host needs.
    /// </summary>
    private static Task<DateTime> UntilConsumedAsync(QueueClient input, Func<int> executed, int expected, CancellationToken cancellationToken)
    {
        var left = -1;
        return Wait.UntilAsync(
            async () =>
            {
                left = executed() < expected ? -1 : (await input.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
                return left == 0;
            },
            TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(120),
            () => $"{expected} Burst invocations and an empty '{input.Name}' ({executed()} executed{(left >= 0 ? $", {left} messages left" : "")})",
            cancellationToken);
    }
}
