using System.Globalization;

namespace Serverless.Benchmarks;

/// <summary>One line of the table: what was measured, the figure, the baseline of the same run, the ratio or target.</summary>
internal sealed record Row(string What, string Figure, string Baseline, string Verdict);

/// <summary>The rows of one run, printed as one markdown table with the machine it ran on.</summary>
internal sealed class Report
{
    private readonly List<Row> _rows = [];

    public void Add(string what, string figure, string baseline = "", string verdict = "") => _rows.Add(new Row(what, figure, baseline, verdict));

    /// <summary>A figure against a lower bound: "0.93 (target >= 0.9: met)".</summary>
    public static string AtLeast(double value, double target, int decimals = 2, string unit = "") =>
        $"{Stats.F(value, decimals)}{unit} (target >= {Stats.F(target, decimals == 0 ? 0 : 1)}{unit}: {(value >= target ? "met" : "missed")})";

    /// <summary>A figure against an upper bound: "0.42 ms (target &lt; 1 ms: met)".</summary>
    public static string Below(double value, double target, string unit) =>
        $"{Stats.F(value, value < 10 ? 2 : 0)} {unit} (target < {Stats.F(target, target < 10 ? 1 : 0)} {unit}: {(value < target ? "met" : "missed")})";

    public void Print(TextWriter output, TimeSpan elapsed)
    {
        output.WriteLine();
        output.WriteLine("## Local Functions host benchmarks");
        output.WriteLine();
        output.WriteLine("| what | figure | baseline (same run) | ratio / target |");
        output.WriteLine("| --- | --- | --- | --- |");
        foreach (var row in _rows)
        {
            output.WriteLine($"| {Cell(row.What)} | {Cell(row.Figure)} | {Cell(row.Baseline)} | {Cell(row.Verdict)} |");
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Machine: nproc {Environment.ProcessorCount}, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; run took {elapsed.TotalSeconds:0} s on one Azurite (data in a temp folder, --debug log on)."));
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
