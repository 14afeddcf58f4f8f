using System.Text.Json;

namespace Serverless.FunctionsHost.Configuration;

/// <summary>
/// The app settings, as Core Tools assembles them: local.settings.json's Values, then the process environment (which
/// wins, as under func start), then the settings the caller passes (a test's, or the command line's).
/// </summary>
internal static class AppSettings
{
    public const string LocalSettingsFile = "local.settings.json";

    public static Dictionary<string, string> Load(string appDirectory, IReadOnlyDictionary<string, string> overrides, bool includeEnvironment)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ReadLocalSettings(appDirectory))
        {
            settings[name] = value;
        }

        if (includeEnvironment)
        {
            // As under func start, every environment variable is an app setting, and wins over local.settings.json.
            foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                settings[(string)entry.Key] = (string?)entry.Value ?? "";
            }
        }

        foreach (var (name, value) in overrides)
        {
            settings[name] = value;
        }

        settings["FUNCTIONS_WORKER_RUNTIME"] = settings.GetValueOrDefault("FUNCTIONS_WORKER_RUNTIME") is { Length: > 0 } runtime ? runtime : "dotnet-isolated";
        if (!settings["FUNCTIONS_WORKER_RUNTIME"].Equals("dotnet-isolated", StringComparison.OrdinalIgnoreCase))
        {
            throw new HostStartupException($"Setting 'FUNCTIONS_WORKER_RUNTIME' is '{settings["FUNCTIONS_WORKER_RUNTIME"]}': this host runs .NET isolated-worker apps ('dotnet-isolated').");
        }

        return settings;
    }

    private static IEnumerable<KeyValuePair<string, string>> ReadLocalSettings(string appDirectory)
    {
        var path = Path.Combine(appDirectory, LocalSettingsFile);
        if (!File.Exists(path))
        {
            yield break;
        }

        JsonElement values;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
            {
                throw new HostStartupException($"'{path}' is encrypted (IsEncrypted: true); this host reads plain settings. Decrypt it with 'func settings decrypt'.");
            }

            if (!document.RootElement.TryGetProperty("Values", out values))
            {
                yield break;
            }

            values = values.Clone();
        }
        catch (JsonException ex)
        {
            throw new HostStartupException($"'{path}' is not valid JSON: {ex.Message}", ex);
        }

        foreach (var property in values.EnumerateObject())
        {
            yield return new(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
        }
    }
}
