using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Dispatch;

/// <summary>Runs activities from the work-item queue and sends their results back to the orchestrations.</summary>
internal sealed class ActivityDispatcher(
    IOrchestrationService service,
    DurableTaskRegistry registry,
    IServiceProvider services,
    DurableTaskEngineOptions options,
    TimeProvider time,
    ILogger logger)
{
    private CancellationToken _abort;

    public WorkLoop<ActivityWorkItem> CreateLoop(CancellationToken abort)
    {
        _abort = abort;
        return new WorkLoop<ActivityWorkItem>(
            "activity",
            options.MaxConcurrentActivityFunctions,
            ct => service.LockNextActivityWorkItemAsync(options.ActivityLockTimeout, options.ReceiveTimeout, ct),
            ExecuteAsync,
            time,
            logger);
    }

    internal async Task ExecuteAsync(ActivityWorkItem workItem)
    {
        var scheduled = workItem.Scheduled;
        var instanceId = workItem.Message.InstanceId;
        HistoryEvent response;
        var renewEvery = options.ActivityLockTimeout / 2;
        using (var renewal = time.CreateTimer(_ => _ = RenewQuietly(workItem), null, renewEvery, renewEvery))
        {
            try
            {
                var invoker = registry.ResolveActivity(scheduled.Name, services)
                    ?? throw new InvalidOperationException($"The activity '{scheduled.Name}' is not registered with this worker (called by instance '{instanceId}').");
                var output = await invoker(new EngineActivityContext(scheduled.Name, instanceId, $"{workItem.Message.ExecutionId}-{scheduled.EventId}"), scheduled.Input, _abort).ConfigureAwait(false);
                response = new TaskCompletedEvent { Timestamp = time.GetUtcNow().UtcDateTime, TaskScheduledId = scheduled.EventId, Result = output };
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                await service.AbandonActivityWorkItemAsync(workItem, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                return;
            }
#pragma warning disable CA1031 // An activity's exception becomes its TaskFailed result.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var details = TaskFailureDetails.FromException(ex);
                Log.ActivityFailed(logger, scheduled.Name, instanceId, scheduled.EventId, details.ToString());
                response = new TaskFailedEvent { Timestamp = time.GetUtcNow().UtcDateTime, TaskScheduledId = scheduled.EventId, FailureDetails = details };
            }
        }

        var message = new TaskMessage
        {
            InstanceId = instanceId,
            ExecutionId = workItem.Message.ExecutionId,
            Event = response,
            MessageId = workItem.Message.MessageId + ":result",
        };
        try
        {
            await service.CompleteActivityWorkItemAsync(workItem, message, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The lock expires and the activity is redelivered.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ActivityCompleteFailed(logger, workItem.Id, ex);
        }
    }

    private async Task RenewQuietly(ActivityWorkItem workItem)
    {
        try
        {
            await service.RenewActivityWorkItemLockAsync(workItem, options.ActivityLockTimeout, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed renewal only means the activity may run twice.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private sealed class EngineActivityContext(string name, string instanceId, string taskId) : TaskActivityContext
    {
        public override TaskName Name => name;

        public override string InstanceId => instanceId;

        public override string TaskId => taskId;
    }
}
