namespace Serverless.DurableTask.Client;

/// <summary>An orchestration instance as a client sees it.</summary>
public sealed record OrchestrationMetadata(string Name, string InstanceId)
{
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>True when the inputs and outputs were requested (they are null otherwise).</summary>
    public bool RequestedInputsAndOutputs { get; init; }

    public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;

    public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed
        or OrchestrationRuntimeStatus.Terminated;

    public T? ReadInputAs<T>() => Read<T>(SerializedInput, nameof(SerializedInput));

    public T? ReadOutputAs<T>() => Read<T>(SerializedOutput, nameof(SerializedOutput));

    public T? ReadCustomStatusAs<T>() => Read<T>(SerializedCustomStatus, nameof(SerializedCustomStatus));

    private T? Read<T>(string? json, string what)
    {
        if (!RequestedInputsAndOutputs)
        {
            throw new InvalidOperationException(
                $"The {what} of instance '{InstanceId}' was not fetched: pass getInputsAndOutputs: true.");
        }

        return JsonDataConverter.Deserialize<T>(json);
    }
}
