using System.Text.Json.Nodes;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>One binding of a function as the worker indexed it (an entry of raw_bindings).</summary>
internal sealed record BindingMetadata(string Name, string Type, bool IsOutput, JsonObject Raw)
{
    public static BindingMetadata Parse(string function, string rawJson)
    {
        JsonObject raw;
        try
        {
            raw = JsonNode.Parse(rawJson) as JsonObject ?? throw new FormatException("not a JSON object");
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
        {
            throw new HostStartupException($"Function '{function}': a binding in the worker's metadata is not valid JSON ({ex.Message}): {rawJson}", ex);
        }

        var name = Get(raw, "name") ?? throw new HostStartupException($"Function '{function}': a binding has no name: {rawJson}");
        var type = Get(raw, "type") ?? throw new HostStartupException($"Function '{function}': binding '{name}' has no type: {rawJson}");
        var direction = Get(raw, "direction") ?? "in";
        return new BindingMetadata(name, type, direction.Equals("out", StringComparison.OrdinalIgnoreCase), raw);
    }

    /// <summary>A string property, looked up case-insensitively as the Functions host does; null when absent or empty.</summary>
    public string? String(string key) => Get(Raw, key);

    public bool? Bool(string key)
    {
        if (Find(Raw, key) is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<bool>(out var b))
        {
            return b;
        }

        return value.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed) ? parsed : null;
    }

    public IReadOnlyList<string> Strings(string key) =>
        Find(Raw, key) is JsonArray array ? [.. array.Select(item => item?.GetValue<string>()).OfType<string>()] : [];

    public bool Is(string type) => Type.Equals(type, StringComparison.OrdinalIgnoreCase);

    private static string? Get(JsonObject raw, string key) =>
        Find(raw, key) is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static JsonNode? Find(JsonObject raw, string key) =>
        raw.FirstOrDefault(p => p.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;
}
