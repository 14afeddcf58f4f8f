using System.Globalization;
using System.Text.Json.Nodes;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Functions.Management;

/// <summary>An instance as the HTTP API shows it (Durable Functions' field names; inputs and outputs as JSON values).</summary>
internal static class StatusPayload
{
    public static JsonObject From(OrchestrationMetadata metadata, bool showInput) => Build(
        metadata.Name, metadata.InstanceId, metadata.RuntimeStatus, metadata.CreatedAt, metadata.LastUpdatedAt,
        showInput ? metadata.SerializedInput : null, metadata.SerializedCustomStatus, metadata.SerializedOutput, metadata.FailureDetails);

    public static JsonObject From(OrchestrationState state, bool showInput) => Build(
        state.Name, state.InstanceId, state.Status, state.CreatedAt, state.LastUpdatedAt,
        showInput ? state.Input : null, state.CustomStatus, state.Output, state.FailureDetails);

    /// <summary>"2026-11-25T16:35:07Z", as Durable Functions writes times.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("s", CultureInfo.InvariantCulture) + "Z";

    public static JsonNode? Json(string? serialized)
    {
        if (string.IsNullOrEmpty(serialized))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(serialized);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(serialized);
        }
    }

    private static JsonObject Build(
        string name, string instanceId, OrchestrationRuntimeStatus status, DateTimeOffset created, DateTimeOffset updated,
        string? input, string? customStatus, string? output, TaskFailureDetails? failure)
    {
        var outputNode = Json(output);
        if (outputNode is null && status == OrchestrationRuntimeStatus.Failed && failure is not null)
        {
            outputNode = JsonValue.Create($"Orchestrator function '{name}' failed: {failure.ErrorMessage}");
        }

        return new JsonObject
        {
            ["name"] = name,
            ["instanceId"] = instanceId,
            ["runtimeStatus"] = status.ToString(),
            ["input"] = Json(input),
            ["customStatus"] = Json(customStatus),
            ["output"] = outputNode,
            ["createdTime"] = Time(created),
            ["lastUpdatedTime"] = Time(updated),
        };
    }
}
