using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
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
    public async Task<IActionResult> Enqueue([HttpTrigger(AuthorizationLevel.Function, "post", Route = "newsletter")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        NewsletterParams? parameters;
        try
        {
            parameters = await JsonSerializer.DeserializeAsync<NewsletterParams>(request.Body, JsonSerializerOptions.Web, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return new BadRequestObjectResult(new { title = "The body is not a newsletter", detail = e.Message });
        }

        if (parameters is null)
        {
            return new BadRequestObjectResult(new { title = "The body is not a newsletter", detail = "The body is empty or null." });
        }

        try
        {
            var runId = await tasks.EnqueueAsync(SendNewsletter, parameters, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
            return new AcceptedResult($"/api/runs/{runId}", new { id = runId });
        }
        catch (TaskParametersException e)
        {
            return new BadRequestObjectResult(new { title = "Invalid parameters", errors = e.Errors });
        }
    }
}
