using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Serverless.Host.Configuration;

/// <summary>
/// Reads host.json (under AzureFunctionsJobHost, as Azure Functions does) and local.settings.json ("Values" at the
/// root, "Host" under Host:) into configuration. Environment variables and the command line override both.
/// </summary>
internal static class HostConfigurationFiles
{
    public const string HostJson = "host.json";
    public const string LocalSettingsJson = "local.settings.json";

    /// <summary>The folder holding host.json: the given one, else the app's folder, else the current directory.</summary>
    public static string FindScriptRoot(string? scriptRoot)
    {
        if (scriptRoot is not null)
        {
            return Path.GetFullPath(scriptRoot);
        }

        foreach (var candidate in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            if (File.Exists(Path.Combine(candidate, HostJson)))
            {
                return candidate;
            }
        }

        return AppContext.BaseDirectory;
    }

    public static IDictionary<string, string?> ReadHostJson(string scriptRoot)
    {
        var path = Path.Combine(scriptRoot, HostJson);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        var flat = Flatten(path);
        foreach (var (key, value) in flat)
        {
            values[FunctionHostOptions.SectionName + ":" + key] = value;
        }

        return values;
    }

    public static IDictionary<string, string?> ReadLocalSettings(string scriptRoot)
    {
        var path = Path.Combine(scriptRoot, LocalSettingsJson);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var (key, value) in Flatten(path))
        {
            if (key.StartsWith("Values:", StringComparison.OrdinalIgnoreCase))
            {
                // "A__B" in Values is the same setting as the environment variable A__B: section A, key B.
                values[key["Values:".Length..].Replace("__", ":", StringComparison.Ordinal)] = value;
            }
            else if (key.StartsWith("Host:", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
            {
                values[key] = value;
            }
        }

        return values;
    }

    private static IEnumerable<KeyValuePair<string, string?>> Flatten(string path)
    {
        try
        {
            return new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build()
                .AsEnumerable(makePathsRelative: true)
                .Where(p => p.Value is not null)
                .ToList();
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidDataException)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
    }
}
