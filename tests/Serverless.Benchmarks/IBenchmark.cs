namespace Serverless.Benchmarks;

/// <summary>
/// One benchmark. Program finds every implementation by reflection, runs the ones asked for, each against its own
/// Azurite, and prints their rows as one table. A row compares a measured figure to a baseline taken in the same run.
/// </summary>
internal interface IBenchmark
{
    /// <summary>Short name used on the command line: host, durable, tasks, jobs.</summary>
    string Name { get; }

    Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);
}

/// <summary>A measured figure; Baseline is the raw ceiling of the same run when one applies, Target the target.</summary>
internal sealed record BenchmarkRow(string Benchmark, string Metric, double Value, string Unit, double? Baseline = null, string? Target = null)
{
    public double? Ratio => Baseline is > 0 ? Value / Baseline : null;
}

/// <summary>What every benchmark gets: its Azurite's connection string and a writer for progress lines.</summary>
internal sealed record BenchmarkContext(string StorageConnectionString, TextWriter Progress, bool Quick);
