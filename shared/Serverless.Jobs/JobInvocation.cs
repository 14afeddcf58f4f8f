using System.Globalization;

namespace Serverless.Jobs;

/// <summary>What a process in job mode was asked to do, from its arguments or else its environment.</summary>
internal sealed record JobInvocation(
    string JobId,
    string TaskName,
    string InputBlob,
    int Rank,
    int RankCount,
    double? Cpus,
    TimeSpan? Timeout,
    string? Storage,
    string Container,
    TimeSpan KillGrace)
{
    public static readonly TimeSpan DefaultKillGrace = TimeSpan.FromSeconds(10);

    private static readonly (string Arg, string Env)[] Keys =
    [
        ("--job-id", JobEnvironment.JobId), ("--task", JobEnvironment.TaskName), ("--input", JobEnvironment.InputBlob),
        ("--rank", JobEnvironment.Rank), ("--rank-count", JobEnvironment.RankCount), ("--cpus", JobEnvironment.Cpus),
        ("--timeout-seconds", JobEnvironment.TimeoutSeconds), ("--storage", JobEnvironment.Storage),
        ("--container", JobEnvironment.Container), ("--kill-grace-seconds", JobEnvironment.KillGraceSeconds),
    ];

    /// <summary>Parses <c>--name value</c> pairs, each falling back to its environment variable.</summary>
    /// <exception cref="FormatException">A required value is missing or malformed; the message names the argument and variable.</exception>
    public static JobInvocation Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (arg, env) in Keys)
        {
            var index = args.ToList().FindIndex(a => string.Equals(a, arg, StringComparison.OrdinalIgnoreCase));
            values[arg] = index >= 0 && index + 1 < args.Count ? args[index + 1] : environment(env);
        }

        string Required(string arg)
        {
            var value = values[arg];
            return string.IsNullOrWhiteSpace(value)
                ? throw new FormatException($"Job mode needs {arg} <value> or the environment variable {EnvOf(arg)}.")
                : value;
        }

        int Int(string arg, int fallback, int min)
        {
            var text = values[arg];
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
                ? value
                : throw new FormatException($"Job mode: {arg} / {EnvOf(arg)} is '{text}', expected an integer >= {min}.");
        }

        double? Number(string arg)
        {
            var text = values[arg];
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new FormatException($"Job mode: {arg} / {EnvOf(arg)} is '{text}', expected a number > 0.");
        }

        var rankCount = Int("--rank-count", 1, 1);
        var rank = Int("--rank", 0, 0);
        if (rank >= rankCount)
        {
            throw new FormatException($"Job mode: rank {rank} is not below the rank count {rankCount} ({JobEnvironment.Rank}, {JobEnvironment.RankCount}).");
        }

        var timeoutSeconds = Number("--timeout-seconds");
        var container = values["--container"];
        var grace = Number("--kill-grace-seconds");
        return new JobInvocation(
            Required("--job-id"),
            Required("--task"),
            Required("--input"),
            rank,
            rankCount,
            Number("--cpus"),
            timeoutSeconds is null ? null : TimeSpan.FromSeconds(timeoutSeconds.Value),
            values["--storage"],
            string.IsNullOrWhiteSpace(container) ? JobEnvironment.DefaultContainer : container,
            grace is null ? DefaultKillGrace : TimeSpan.FromSeconds(grace.Value));
    }

    private static string EnvOf(string arg) => Keys.First(k => k.Arg == arg).Env;
}
