using System.Globalization;

namespace Serverless.Benchmarks;

/// <summary>Percentiles (nearest rank) and the number formats of the report.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    /// <summary>A number with at most <paramref name="decimals"/> decimals, invariant culture.</summary>
    public static string F(double value, int decimals = 0) =>
        value.ToString(decimals == 0 ? "#,0" : "#,0." + new string('0', decimals), CultureInfo.InvariantCulture);

    /// <summary>Milliseconds: two decimals below 10 ms, none above.</summary>
    public static string Ms(double milliseconds) => F(milliseconds, milliseconds < 10 ? 2 : 0) + " ms";

    public static string Ms(TimeSpan elapsed) => Ms(elapsed.TotalMilliseconds);
}
