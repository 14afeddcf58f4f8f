using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Serverless.FunctionsHost;

namespace Serverless.Benchmarks;

/// <summary>One section of the run (queue, http, rpc, durable, boot): measures, then adds its rows to the report.</summary>
internal interface IBenchmark
{
    /// <summary>The name on the command line.</summary>
    string Name { get; }

    /// <summary>How long the section may take before it is cancelled and reported as failed.</summary>
    TimeSpan Timeout { get; }

    Task RunAsync(BenchmarkRun run, CancellationToken cancellationToken);
}

/// <summary>What the sections share: the Azurite, the report, progress output, and figures one section leaves for another.</summary>
internal sealed class BenchmarkRun(DebugAzurite azurite, Report report, TextWriter progress)
{
    public DebugAzurite Azurite { get; } = azurite;

    public string ConnectionString => Azurite.ConnectionString;

    public Report Report { get; } = report;

    public TextWriter Progress { get; } = progress;

    /// <summary>Host and worker RSS measured right after the durable runs (the boot section reports them).</summary>
    public MemoryUse? AfterDurable { get; set; }

    /// <summary>How long each host start of the run took (StartAsync alone), in order: the first ran in a cold process.</summary>
    public List<TimeSpan> HostStarts { get; } = [];

    /// <summary>The hosts the current section started, so a failure can show what they logged.</summary>
    public List<LocalFunctionsHost> SectionHosts { get; } = [];

    /// <summary>Starts a host on the test app and notes how long its start took.</summary>
    public async Task<LocalFunctionsHost> StartHostAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken, ILoggerProvider? logs = null)
    {
        var started = Stopwatch.GetTimestamp();
        var host = await TestApp.StartAsync(settings, cancellationToken, logs);
        HostStarts.Add(Stopwatch.GetElapsedTime(started));
        SectionHosts.Add(host);
        Log($"host started in {Stats.Ms(HostStarts[^1])}: worker {host.WorkerProcessId}, {host.BaseAddress}");
        return host;
    }

    public void Log(string line) => Progress.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] {line}");
}
