using System.Text.Json;

namespace Serverless.Worker;

/// <summary>The JSON settings of bindings (queue messages, HTTP bodies): web defaults, camelCase, case-insensitive.</summary>
public static class WorkerJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
