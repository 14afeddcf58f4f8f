using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Serverless.Orchestrations;

/// <summary>A request that needs a person's approval within <see cref="TimeoutSeconds"/> (default 72 hours).</summary>
public sealed record ApprovalRequest([property: Required] string Subject, [property: Range(0.001, 30 * 24 * 3600)] double TimeoutSeconds = 72 * 3600);

/// <summary>The approver's answer.</summary>
public sealed record ApprovalDecision(string Subject, bool Approved);

/// <summary>
/// Human interaction: waits for the "ApprovalEvent" external event (true = approved) or a durable timer, whichever
/// comes first; on timeout the request is escalated.
/// </summary>
public static class Approval
{
    public const string EventName = "ApprovalEvent";

    [Function("approval")]
    public static async Task<string> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<ApprovalRequest>() ?? throw new InvalidOperationException("approval needs an ApprovalRequest input.");
        await context.CallActivityAsync("request_approval", request.Subject);

        using var timeoutCts = new CancellationTokenSource();
        Task timeout = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(request.TimeoutSeconds), timeoutCts.Token);
        Task<bool> decision = context.WaitForExternalEvent<bool>(EventName);
        if (decision == await Task.WhenAny(decision, timeout))
        {
            timeoutCts.Cancel();
            return await context.CallActivityAsync<string>("process_approval", new ApprovalDecision(request.Subject, decision.Result));
        }

        return await context.CallActivityAsync<string>("escalate", request.Subject);
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
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/approval")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var (request, badRequest) = await StartInput.ReadAsync<ApprovalRequest>(req);
        if (badRequest is not null)
        {
            return badRequest;
        }

        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("approval", request);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
