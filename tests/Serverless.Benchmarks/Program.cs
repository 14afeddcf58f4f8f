using System.Globalization;
using System.Reflection;
using Serverless.Azurite;
using Serverless.Benchmarks;
using Serverless.Testing;

// Usage: dotnet run -c Release --project tests/Serverless.Benchmarks -- [--quick] [name ...]
// Runs the benchmarks named (all when none) one after another, each against its own Azurite (in memory, free loopback
// ports), and prints one table. Each row compares a figure to a baseline measured in the same run.
var quick = args.Contains("--quick");
var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .Where(b => names.Count == 0 || names.Contains(b.Name))
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();
if (benchmarks.Count == 0)
{
    Console.Error.WriteLine("No benchmark matches. Known: " + string.Join(", ", Assembly.GetExecutingAssembly().GetTypes()
        .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t.IsClass).Select(t => ((IBenchmark)Activator.CreateInstance(t)!).Name)));
    return 2;
}

// Each benchmark gets a fresh Azurite: what one leaves in Azurite's in-memory store (thousands of rows, messages and
// blobs after the durable runs) made Azurite pause for seconds at a time during the next one. A benchmark's figure and
// its baseline always share one Azurite.
var rows = new List<BenchmarkRow>();
foreach (var benchmark in benchmarks)
{
    Console.Error.WriteLine($"== {benchmark.Name}");
    await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { SearchFrom = [AzuriteFixture.RepositoryRoot] });
    rows.AddRange(await benchmark.RunAsync(new BenchmarkContext(azurite.ConnectionString, Console.Error, quick), CancellationToken.None));
}

Console.WriteLine($"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, a fresh in-memory Azurite per benchmark");
Console.WriteLine();
Console.WriteLine("| benchmark | metric | value | unit | baseline (same run) | ratio | target |");
Console.WriteLine("| --- | --- | ---: | --- | ---: | ---: | --- |");
foreach (var row in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {row.Benchmark} | {row.Metric} | {row.Value:0.##} | {row.Unit} | {(row.Baseline is { } b ? b.ToString("0.##", CultureInfo.InvariantCulture) : "")} | {(row.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "")} | {row.Target} |"));
}

return 0;
