using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Serverless.Jobs.Functions;

/// <summary>
/// The sub-orchestration behind <see cref="JobOrchestrationExtensions.CallJobAsync{TResult}"/>: starts the run (an
/// idempotent activity: a redelivered start finds the run recorded), then waits durably for the job's completion event
/// (raised by <see cref="JobCompletionTrigger"/>), looking at the run every check interval (a crash nobody reported, the
/// caller ended) and stopping it at its timeout; every <see cref="JobsOptions.ChecksPerGeneration"/> looks it continues as
/// new. A failed run fails this orchestration with <see cref="JobFailedException"/>.
/// </summary>
public static class JobOrchestrator
{
    public const string Name = "serverless_job";

    /// <summary>How long past its timeout a run may take to report before the waiter stops it (the launcher's own kill comes first).</summary>
    public static readonly TimeSpan TimeoutGrace = TimeSpan.FromSeconds(30);

    /// <summary>The external event a run's completion raises on its waiter.</summary>
    public static string CompletedEvent(string jobId) => $"job-completed:{jobId}";

    // Orchestrator code continues on the orchestration's own context: every await here keeps it (ConfigureAwait(true)).
    [Function(Name)]
    public static async Task<JsonElement?> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = context.GetInput<JobCall>() ?? throw new InvalidOperationException($"{Name} needs a {nameof(JobCall)} input.");
        var wait = call.Waiting ?? await StartAsync(context, call).ConfigureAwait(true);
        var completed = context.WaitForExternalEvent<JobResult>(CompletedEvent(wait.JobId));
        JobResult? result = null;
        for (var checks = 0; result is null; checks++)
        {
            if (checks == wait.ChecksPerGeneration)
            {
                // A short history for a long job: the same run, waited for by a new generation that keeps the events.
                context.ContinueAsNew(call with { Waiting = wait }, preserveUnprocessedEvents: true);
                return null;
            }

            using var cancelTimer = new CancellationTokenSource();
            var next = context.CurrentUtcDateTime + wait.CheckInterval;
            var timer = context.CreateTimer(next < wait.Deadline ? next : wait.Deadline, cancelTimer.Token);
            if (await Task.WhenAny(completed, timer).ConfigureAwait(true) == completed)
            {
                cancelTimer.Cancel(); // Synchronously: orchestrator code stays on its one thread.
                result = await completed.ConfigureAwait(true);
            }
            else if (context.CurrentUtcDateTime >= wait.Deadline)
            {
                result = await context.CallActivityAsync<JobResult>(JobActivities.Stop, wait.JobId).ConfigureAwait(true);
            }
            else
            {
                result = await context.CallActivityAsync<JobResult?>(JobActivities.Check, new JobCheck(wait.JobId, call.Caller)).ConfigureAwait(true);
            }
        }

        if (!result.Succeeded)
        {
            throw new JobFailedException(result);
        }

        return result.OutputJson is null ? null : JsonDocument.Parse(result.OutputJson).RootElement.Clone();
    }

    /// <summary>Starts the run (job id: this instance and a replay-safe GUID) and says how it is waited for.</summary>
    private static async Task<JobWait> StartAsync(TaskOrchestrationContext context, JobCall call)
    {
        var jobId = JobStore.JobIdFor(context.InstanceId, context.NewGuid().ToString("N")[..12]);
        var started = await context.CallActivityAsync<JobStarted>(JobActivities.Start, new JobStart(jobId, context.InstanceId, call)).ConfigureAwait(true);
        return new JobWait(jobId, context.CurrentUtcDateTime + started.Timeout + TimeoutGrace, started.CheckInterval, started.ChecksPerGeneration);
    }
}
