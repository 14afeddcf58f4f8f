namespace Serverless.DurableTask.Tests.DocPatterns;

// The monitor sample from the Durable Functions documentation (isolated worker), as written there; the job id that the
// sample takes as a bound parameter is read from the orchestration input here.
public static class MonitorJobStatus
{
    public static async Task Run(TaskOrchestrationContext context, string jobId)
    {
        int pollingInterval = GetPollingInterval();
        DateTime expiryTime = GetExpiryTime(context);

        while (context.CurrentUtcDateTime < expiryTime)
        {
            var jobStatus = await context.CallActivityAsync<string>("GetJobStatus", jobId);
            if (jobStatus == "Completed")
            {
                // Perform an action when a condition is met.
                await context.CallActivityAsync("SendAlert", jobId);
                break;
            }

            // Orchestration sleeps until this time.
            var nextCheck = context.CurrentUtcDateTime.AddSeconds(pollingInterval);
            await context.CreateTimer(nextCheck, CancellationToken.None);
        }

        // Perform more work here, or let the orchestration end.
    }

    private static int GetPollingInterval() => 30;

    private static DateTime GetExpiryTime(TaskOrchestrationContext context) => context.GetInput<DateTime?>() ?? context.CurrentUtcDateTime.AddHours(1);
}
