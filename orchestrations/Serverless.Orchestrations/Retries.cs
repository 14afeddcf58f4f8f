using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations;

/// <summary>A call to a partner that is down for <see cref="UnavailableSeconds"/> after the orchestration starts.</summary>
public sealed record PartnerRequest(
    [property: Required] string Partner,
    [property: Range(0, 3600)] double UnavailableSeconds = 0,
    [property: Range(1, 20)] int MaxAttempts = 5,
    [property: Range(0, 600)] double RetryDelaySeconds = 1);

/// <summary>What call_partner is asked: the partner and when it answers again.</summary>
public sealed record PartnerCall(string Partner, DateTime AvailableFrom);

/// <summary>
/// Retries with a custom retry handler (TaskOptions.FromRetryHandler): only a timeout (transient) is retried, after a
/// durable timer, up to MaxAttempts; any other failure (say, an unknown partner) fails the call at once.
/// </summary>
public static class Retries
{
    [Function("partner_sync")]
    public static async Task<string> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<PartnerRequest>() ?? throw new InvalidOperationException("partner_sync needs a PartnerRequest input.");
        var retryTimeouts = TaskOptions.FromRetryHandler(async retry =>
        {
            if (!retry.LastFailure.IsCausedBy<TimeoutException>() || retry.LastAttemptNumber >= request.MaxAttempts)
            {
                return false;
            }

            await retry.OrchestrationContext.CreateTimer(TimeSpan.FromSeconds(request.RetryDelaySeconds), retry.CancellationToken);
            return true;
        });

        var call = new PartnerCall(request.Partner, context.CurrentUtcDateTime.AddSeconds(request.UnavailableSeconds));
        return await context.CallActivityAsync<string>("call_partner", call, retryTimeouts);
    }

    /// <summary>Stands in for a partner's API: times out until it is available; "unknown" is a partner that does not exist.</summary>
    [Function("call_partner")]
    public static string CallPartner([ActivityTrigger] PartnerCall call)
    {
        if (call.Partner == "unknown")
        {
            throw new ArgumentException("There is no partner named 'unknown'.", nameof(call));
        }

        if (DateTime.UtcNow < call.AvailableFrom)
        {
            throw new TimeoutException($"{call.Partner} did not answer (down until {call.AvailableFrom:O}).");
        }

        return $"synced:{call.Partner}";
    }

    [Function("partner_sync_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/partner_sync")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var (request, badRequest) = await StartInput.ReadAsync<PartnerRequest>(req);
        if (badRequest is not null)
        {
            return badRequest;
        }

        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("partner_sync", request);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
