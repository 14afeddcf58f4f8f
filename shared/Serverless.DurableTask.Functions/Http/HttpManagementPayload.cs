using System.Text.Json.Serialization;

namespace Serverless.Worker;

/// <summary>The instance management URLs of an orchestration, as CreateCheckStatusResponse returns them (Durable Functions' payload).</summary>
public sealed record HttpManagementPayload
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("statusQueryGetUri")]
    public required string StatusQueryGetUri { get; init; }

    [JsonPropertyName("sendEventPostUri")]
    public required string SendEventPostUri { get; init; }

    [JsonPropertyName("terminatePostUri")]
    public required string TerminatePostUri { get; init; }

    [JsonPropertyName("purgeHistoryDeleteUri")]
    public required string PurgeHistoryDeleteUri { get; init; }

    [JsonPropertyName("restartPostUri")]
    public required string RestartPostUri { get; init; }

    [JsonPropertyName("suspendPostUri")]
    public required string SuspendPostUri { get; init; }

    [JsonPropertyName("resumePostUri")]
    public required string ResumePostUri { get; init; }
}
