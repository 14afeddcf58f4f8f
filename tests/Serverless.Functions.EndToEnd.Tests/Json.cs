using System.Text.Json;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>
/// Reads JSON the app and the host write with different casings (the worker's 202 body and outputs Pascal case, the
/// Durable status body camel case) by property name, case-insensitively.
/// </summary>
internal static class Json
{
    public static JsonElement Get(this JsonElement element, string name) =>
        element.TryGet(name) ?? throw new KeyNotFoundException($"No property '{name}' in {element.GetRawText()}");

    public static JsonElement? TryGet(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    public static string Text(this JsonElement element, string name) =>
        element.Get(name).GetString() ?? throw new InvalidOperationException($"Property '{name}' is null in {element.GetRawText()}");

    public static string[] Strings(this JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetString()!)];
}
