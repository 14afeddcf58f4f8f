using System.Diagnostics;
using System.Net;

namespace Serverless.Benchmarks;

/// <summary>What a closed-loop load run measured: throughput and latency percentiles.</summary>
internal sealed record LoadResult(int Requests, double RequestsPerSecond, double P50, double P99)
{
    public override string ToString() => $"{Stats.F(RequestsPerSecond)} req/s, p50 {Stats.Ms(P50)}, p99 {Stats.Ms(P99)}";
}

/// <summary>
/// A closed-loop HTTP load: N clients on one pooled handler, each sending its next GET when the previous answered,
/// until a fixed number of requests is done. Every answer must be 200; the first other one fails the run.
/// </summary>
internal static class HttpLoad
{
    /// <summary>Sends <paramref name="warmup"/> requests, calls <paramref name="measuring"/>, then measures <paramref name="requests"/>.</summary>
    public static async Task<LoadResult> RunAsync(Uri uri, int clients, int requests, int warmup, CancellationToken cancellationToken, Action? measuring = null)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        await LoopAsync(http, uri, clients, warmup, null, cancellationToken);
        measuring?.Invoke();
        var latencies = new double[requests];
        var clock = Stopwatch.StartNew();
        await LoopAsync(http, uri, clients, requests, latencies, cancellationToken);
        return new LoadResult(requests, requests / clock.Elapsed.TotalSeconds, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
    }

    private static Task LoopAsync(HttpClient http, Uri uri, int clients, int requests, double[]? latencies, CancellationToken cancellationToken)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(uri, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new HttpRequestException($"GET {uri} answered {(int)response.StatusCode} {response.StatusCode}: {body}");
                }

                if (latencies is not null)
                {
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }
        }, cancellationToken)));
    }
}
