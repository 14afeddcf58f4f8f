using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Serverless.FunctionsHost.Configuration;

/// <summary>
/// host.json, bound as the Functions host binds it: flattened under <c>AzureFunctionsJobHost:</c> (so
/// <c>AzureFunctionsJobHost__extensions__queues__batchSize</c> in the settings overrides it), with the known keys
/// checked at start. A bad value of a known key stops the start naming the key; a key this host does not implement
/// is reported so it can be logged as a warning (the file still works under func start and in Azure).
/// </summary>
internal sealed class HostJson
{
    public const string FileName = "host.json";
    public const string Section = "AzureFunctionsJobHost";

    private static readonly Dictionary<string, Func<string, string?>> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["version"] = v => v == "2.0" ? null : "must be \"2.0\"",
        ["functionTimeout"] = v => v is "-1" || TimeSpanValue(v) is not null ? null : "must be a time span such as \"00:05:00\", or -1 for no limit",
        ["telemetryMode"] = v => v is "Default" or "OpenTelemetry" or "default" or "openTelemetry" ? null : "must be \"Default\" or \"OpenTelemetry\"",
        ["logging:logLevel:*"] = v => Enum.TryParse<LogLevel>(v, ignoreCase: true, out _) ? null : "must be a log level (Trace, Debug, Information, Warning, Error, Critical, None)",
        ["extensions:queues:batchSize"] = v => Int(v, 1, 32),
        ["extensions:queues:newBatchThreshold"] = v => Int(v, 0, int.MaxValue),
        ["extensions:queues:maxDequeueCount"] = v => Int(v, 1, int.MaxValue),
        ["extensions:queues:maxPollingInterval"] = v => TimeSpanValue(v) is { } t && t >= TimeSpan.FromMilliseconds(100) ? null : "must be a time span of at least 00:00:00.1",
        ["extensions:queues:visibilityTimeout"] = v => TimeSpanValue(v) is { } t && t >= TimeSpan.Zero ? null : "must be a time span such as \"00:00:30\"",
        ["extensions:queues:messageEncoding"] = v => v.Equals("base64", StringComparison.OrdinalIgnoreCase) || v.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : "must be \"base64\" or \"none\"",
        ["extensions:http:routePrefix"] = v => v.Contains('{', StringComparison.Ordinal) ? "must be a plain path prefix such as \"api\" (or empty)" : null,
        ["extensions:durableTask:*"] = _ => null,
        ["singleton:lockPeriod"] = v => Between(v, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1)),
        ["singleton:listenerLockPeriod"] = v => Between(v, TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1)),
        ["singleton:listenerLockRecoveryPollingInterval"] = v => Between(v, TimeSpan.FromSeconds(15), TimeSpan.MaxValue),
        ["singleton:lockAcquisitionTimeout"] = TimeSpanCheck,
        ["singleton:lockAcquisitionPollingInterval"] = TimeSpanCheck,
    };

    private HostJson(Dictionary<string, string?> values, IReadOnlyList<string> ignored)
    {
        Values = values;
        IgnoredKeys = ignored;
    }

    /// <summary>The settings, keyed <c>AzureFunctionsJobHost:...</c>.</summary>
    public IReadOnlyDictionary<string, string?> Values { get; }

    /// <summary>Keys present that this host does not implement (warned about at start).</summary>
    public IReadOnlyList<string> IgnoredKeys { get; }

    /// <summary>Reads the app folder's host.json and applies <c>AzureFunctionsJobHost__*</c> settings over it, then checks it.</summary>
    public static HostJson Load(string appDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var path = Path.Combine(appDirectory, FileName);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(path))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                Flatten(document.RootElement, "", values);
            }
            catch (JsonException ex)
            {
                throw new HostStartupException($"'{path}' is not valid JSON: {ex.Message}", ex);
            }
        }
        else
        {
            values["version"] = "2.0";
        }

        foreach (var (name, value) in settings)
        {
            if (name.StartsWith(Section + "__", StringComparison.OrdinalIgnoreCase) || name.StartsWith(Section + ":", StringComparison.OrdinalIgnoreCase))
            {
                values[name[(Section.Length + 2)..].Replace("__", ":", StringComparison.Ordinal)] = value;
            }
        }

        var problems = new List<string>();
        var ignored = new List<string>();
        foreach (var (key, value) in values)
        {
            if (Rule(key) is not { } rule)
            {
                ignored.Add(key.Replace(':', '.'));
            }
            else if (value is not null && rule(value) is { } problem)
            {
                problems.Add($"'{key.Replace(':', '.')}' is '{value}': it {problem}");
            }
        }

        if (!values.ContainsKey("version"))
        {
            problems.Add("'version' is missing: it must be \"2.0\"");
        }

        if (problems.Count > 0)
        {
            throw new HostStartupException($"'{path}' has bad values:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}");
        }

        return new HostJson(values.ToDictionary(p => $"{Section}:{p.Key}", p => p.Value, StringComparer.OrdinalIgnoreCase), ignored);
    }

    public string? this[string key] => Values.GetValueOrDefault($"{Section}:{key}");

    /// <summary>functionTimeout: null for no limit; Functions' default of 30 minutes when absent.</summary>
    public TimeSpan? FunctionTimeout => this["functionTimeout"] switch
    {
        null => TimeSpan.FromMinutes(30),
        "-1" => null,
        var value => TimeSpanValue(value)!.Value < TimeSpan.Zero ? null : TimeSpanValue(value),
    };

    public string RoutePrefix => (this["extensions:http:routePrefix"] ?? "api").Trim('/');

    private static Func<string, string?>? Rule(string key)
    {
        if (Known.TryGetValue(key, out var exact))
        {
            return exact;
        }

        foreach (var (pattern, rule) in Known)
        {
            if (pattern.EndsWith(":*", StringComparison.Ordinal) && key.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase))
            {
                return rule;
            }
        }

        return null;
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", values);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{i++}", values);
                }

                break;
            case JsonValueKind.Null:
                values[prefix] = null;
                break;
            case JsonValueKind.String:
                values[prefix] = element.GetString();
                break;
            default:
                values[prefix] = element.GetRawText();
                break;
        }
    }

    private static string? Int(string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? null : $"must be a whole number from {min} to {max}";

    private static string? Between(string value, TimeSpan min, TimeSpan max) =>
        TimeSpanValue(value) is { } t && t >= min && t <= max ? null : $"must be a time span from {min} to {(max == TimeSpan.MaxValue ? "any longer" : max.ToString())} (the WebJobs SDK's range)";

    private static string? TimeSpanCheck(string value) => TimeSpanValue(value) is not null ? null : "must be a time span such as \"00:01:00\"";

    private static TimeSpan? TimeSpanValue(string value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var t) ? t : null;
}
