using Microsoft.Extensions.Logging;

namespace Serverless.Orchestrations;

/// <summary>A request that needs a person's approval within <see cref="TimeoutSeconds"/> (default 72 hours).</summary>
public sealed record ApprovalRequest(string Subject, double TimeoutSeconds = 72 * 3600);

/// <summary>
/// Human interaction: waits for the "ApprovalEvent" external event (true = approved) or a durable timer, whichever comes
/// first; on timeout the request is escalated.
/// </summary>
public static class Approval
{
    public const string EventName = "ApprovalEvent";

    [Function("approval")]
    public static async Task<string> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<ApprovalRequest>() ?? new ApprovalRequest("unnamed");
        await context.CallActivityAsync("request_approval", request.Subject);
        using (var timeoutCts = new CancellationTokenSource())
        {
            DateTime dueTime = context.CurrentUtcDateTime.AddSeconds(request.TimeoutSeconds);
            Task durableTimeout = context.CreateTimer(dueTime, timeoutCts.Token);
            Task<bool> approvalEvent = context.WaitForExternalEvent<bool>(EventName);
            if (approvalEvent == await Task.WhenAny(approvalEvent, durableTimeout))
            {
                timeoutCts.Cancel();
                return await context.CallActivityAsync<string>("process_approval", new ApprovalDecision(request.Subject, approvalEvent.Result));
            }

            return await context.CallActivityAsync<string>("escalate", request.Subject);
        }
    }

    [Function("request_approval")]
    public static void RequestApproval([ActivityTrigger] string subject, FunctionContext executionContext) =>
        executionContext.GetLogger("request_approval").LogInformation("Approval requested for {Subject}.", subject);

    [Function("process_approval")]
    public static string ProcessApproval([ActivityTrigger] ApprovalDecision decision) =>
        decision.Approved ? $"approved:{decision.Subject}" : $"rejected:{decision.Subject}";

    [Function("escalate")]
    public static string Escalate([ActivityTrigger] string subject) => $"escalated:{subject}";

    [Function("approval_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "approval")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var request = await req.ReadFromJsonAsync<ApprovalRequest>() ?? new ApprovalRequest("unnamed");
        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("approval", request);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}

/// <summary>The approver's answer.</summary>
public sealed record ApprovalDecision(string Subject, bool Approved);
