using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask.Engine.Replay;

/// <summary>The <see cref="TaskOrchestrationContext"/> the engine hands to orchestrator code.</summary>
internal sealed partial class EngineOrchestrationContext(OrchestrationExecution execution, ILoggerFactory loggerFactory) : TaskOrchestrationContext
{
    public override TaskName Name => execution.Name;

    public override string InstanceId => execution.InstanceId;

    public override ParentOrchestrationInstance? Parent =>
        execution.Started?.ParentInstance is { } parent ? new ParentOrchestrationInstance(parent.Name, parent.InstanceId) : null;

    public override DateTime CurrentUtcDateTime => execution.CurrentUtcDateTime;

    public override bool IsReplaying => execution.IsReplaying;

    protected override ILoggerFactory LoggerFactory => loggerFactory;

    public override T? GetInput<T>()
        where T : default => JsonDataConverter.Deserialize<T>(execution.Started?.Input);

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        var serialized = JsonDataConverter.Serialize(input);
        return WithRetries(options, () => CallActivityOnceAsync<TResult>(name.Name, serialized));
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        var serialized = JsonDataConverter.Serialize(input);
        var instanceId = (options as SubOrchestrationOptions)?.InstanceId ?? execution.NewGuid().ToString("N");
        return WithRetries(options, () => CallSubOrchestratorOnceAsync<TResult>(orchestratorName.Name, instanceId, serialized));
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => execution.ScheduleTimer(fireAt, cancellationToken);

    public override async Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var json = await execution.WaitForEvent(eventName, cancellationToken).ConfigureAwait(true); // orchestrator scheduler
        return JsonDataConverter.Deserialize<T>(json)!;
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Cancel synchronously: the losing task must complete on the orchestrator's scheduler within this episode.
        using var timerCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeoutTask = CreateTimer(timeout, timerCts.Token);
        using var eventCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var eventTask = WaitForExternalEvent<T>(eventName, eventCts.Token);
        var winner = await Task.WhenAny(timeoutTask, eventTask).ConfigureAwait(true);
        if (winner == eventTask)
        {
#pragma warning disable CA1849 // CancelAsync would run the callbacks off the orchestrator thread.
            timerCts.Cancel();
        }
        else
        {
            eventCts.Cancel();
#pragma warning restore CA1849
        }

        return await eventTask.ConfigureAwait(true);
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        execution.SendEvent(instanceId, eventName, JsonDataConverter.Serialize(payload));
    }

    public override void SetCustomStatus(object? customStatus) => execution.SetCustomStatus(JsonDataConverter.Serialize(customStatus));

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        execution.ContinueAsNew(JsonDataConverter.Serialize(newInput), preserveUnprocessedEvents);

    public override Guid NewGuid() => execution.NewGuid();

    private async Task<TResult> CallActivityOnceAsync<TResult>(string name, string? input)
    {
        var (_, result) = execution.ScheduleActivity(name, input);
        var json = await result.ConfigureAwait(true);
        return JsonDataConverter.Deserialize<TResult>(json)!;
    }

    private async Task<TResult> CallSubOrchestratorOnceAsync<TResult>(string name, string instanceId, string? input)
    {
        var (_, result) = execution.ScheduleSubOrchestration(name, instanceId, input);
        var json = await result.ConfigureAwait(true);
        return JsonDataConverter.Deserialize<TResult>(json)!;
    }
}
