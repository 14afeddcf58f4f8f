using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;

namespace Serverless.Benchmarks;

/// <summary>
/// Memory of the local host as users run it: <c>func-local</c> (its own process, as <c>./start.sh</c> starts it) and its
/// worker on the test app, resident set after a workload of 20 Durable chains of 10 activities and 1,000 HTTP requests.
/// </summary>
internal sealed class MemoryBenchmark : IBenchmark
{
    private const int Chains = 20;
    private const int Requests = 1000;

    public string Name => "memory";

    public TimeSpan Timeout => TimeSpan.FromSeconds(180);

    private static string HostCliDirectory { get; } = typeof(MemoryBenchmark).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HostCliDirectory").Value!;

    public async Task RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var port = Azurite.AzuriteProcess.FindFreePort();
        using var host = Serverless.Testing.FuncLocalProcess.Start(HostCliDirectory, TestApp.Directory, port, TestApp.Settings(run.ConnectionString, "memory"));
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            await Wait.UntilAsync(async () => await AnswersAsync(client, "api/pid", cancellationToken), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), () => "func-local to answer", cancellationToken);
            var worker = int.Parse(await client.GetStringAsync(new Uri("api/pid", UriKind.Relative), cancellationToken), CultureInfo.InvariantCulture);
            var idle = (ProcessStats.RssMegabytes(host.Id), ProcessStats.RssMegabytes(worker));

            var statuses = new List<Uri>();
            for (var i = 0; i < Chains; i++)
            {
                using var started = await client.PostAsync(new Uri("api/start/Chain", UriKind.Relative), JsonContent.Create(new { Steps = 10, DelayMs = 0 }), cancellationToken);
                var payload = await started.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                statuses.Add(new Uri(payload.EnumerateObject().First(p => p.Name.Equals("StatusQueryGetUri", StringComparison.OrdinalIgnoreCase)).Value.GetString()!));
            }

            for (var i = 0; i < Requests; i++)
            {
                using var response = await client.GetAsync(new Uri($"api/echo/m{i}", UriKind.Relative), cancellationToken);
                response.EnsureSuccessStatusCode();
            }

            foreach (var status in statuses)
            {
                await Wait.UntilAsync(async () => (await client.GetStringAsync(status, cancellationToken)).Contains("\"Completed\"", StringComparison.Ordinal),
                    TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(90), () => $"chain {status} to complete", cancellationToken);
            }

            var after = (Host: ProcessStats.RssMegabytes(host.Id), Worker: ProcessStats.RssMegabytes(worker));
            run.Log($"func-local RSS idle {Stats.F(idle.Item1)} MB, after {Stats.F(after.Host)} MB; worker idle {Stats.F(idle.Item2)} MB, after {Stats.F(after.Worker)} MB");
            run.Report.Add(
                $"memory: func-local (its own process) + worker RSS after {Chains} Durable chains of 10 activities and {Requests:N0} HTTP requests",
                $"{Stats.F(after.Host + after.Worker)} MB (func-local {Stats.F(after.Host)} MB + worker {Stats.F(after.Worker)} MB)",
                $"idle, right after start: {Stats.F(idle.Item1 + idle.Item2)} MB",
                Report.Below(after.Host + after.Worker, 300, "MB"));
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
