using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Worker;

namespace Serverless.Host.Timers.Storage;

/// <summary>
/// The status blob's JSON as the Functions host writes it: {"Last":"...","Next":"...","LastUpdated":"..."} with ISO 8601
/// times. Written in UTC ("Z"); read with any offset (older hosts wrote "+00:00"), and "0001-01-01T00:00:00" as never.
/// </summary>
internal static class ScheduleStatusJson
{
    public static string Write(ScheduleStatus status) =>
        new JsonObject
        {
            ["Last"] = Format(status.Last),
            ["Next"] = Format(status.Next),
            ["LastUpdated"] = Format(status.LastUpdated),
        }.ToJsonString();

    public static ScheduleStatus Read(string json, string where)
    {
        try
        {
            var node = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("not a JSON object");
            return new ScheduleStatus
            {
                Last = Parse(Property(node, "Last")),
                Next = Parse(Property(node, "Next")),
                LastUpdated = Parse(Property(node, "LastUpdated")),
            };
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new FormatException($"Timer status blob '{where}' is not a valid schedule status: {ex.Message}", ex);
        }
    }

    private static string? Property(JsonObject node, string name) =>
        node.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();

    private static string Format(DateTime value) =>
        value == default
            ? "0001-01-01T00:00:00"
            : DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture);

    private static DateTime Parse(string? value) =>
        string.IsNullOrEmpty(value)
            ? default
            : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;
}
