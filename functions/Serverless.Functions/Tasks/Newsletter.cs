using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Logging;
using Serverless.Tasks;

namespace Serverless.Functions.Tasks;

/// <summary>Typed task parameters, validated with DataAnnotations when a run is requested.</summary>
public sealed record NewsletterParams(
    [property: Required, EmailAddress] string To,
    [property: Required, StringLength(120, MinimumLength = 3)] string Subject,
    [property: Range(0, 10)] int Retries = 0);

/// <summary>
/// fluid's typed parameters and spinach's idempotency idioms: send_newsletter takes a validated record and is
/// at-least-once (MaxRetries 5 with exponential back-off), at most 4 running at a time across all hosts.
/// An HTTP function enqueues it by typed reference: POST /api/newsletter {"to": "a@example.org", "subject": "Hello"}
/// answers 202 with the run id, or 400 naming the invalid members (and nothing is enqueued).
/// </summary>
public sealed class Newsletter(ITaskClient tasks)
{
    public static readonly TaskReference<NewsletterParams> SendNewsletter = new("send_newsletter");

    [Task("send_newsletter", MaxRetries = 5, RetryDelay = "00:00:02", MaxConcurrency = 4, Timeout = "00:01:00")]
    public static Task Send(TaskContext<NewsletterParams> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Logger.LogInformation("Newsletter run {RunId}: sending '{Subject}'", context.RunId, context.Parameters.Subject);
        return Task.CompletedTask;
    }

    [Function("EnqueueNewsletter")]
    public async Task<HttpResponseData> Enqueue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "newsletter")] HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = await request.ReadFromJsonAsync<NewsletterParams>().ConfigureAwait(false);
        try
        {
            var runId = await tasks.EnqueueAsync(SendNewsletter, parameters!, cancellationToken: request.FunctionContext.CancellationToken).ConfigureAwait(false);
            var response = request.CreateResponse(HttpStatusCode.Accepted);
            await response.WriteAsJsonAsync(new { id = runId }).ConfigureAwait(false);
            return response;
        }
        catch (TaskParametersException e)
        {
            var response = request.CreateResponse(HttpStatusCode.BadRequest);
            await response.WriteAsJsonAsync(new { title = "Invalid parameters", errors = e.Errors }).ConfigureAwait(false);
            return response;
        }
    }
}
