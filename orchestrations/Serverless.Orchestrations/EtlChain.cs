using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Serverless.Orchestrations;

/// <summary>What the ETL chain moves: a source and its rows. The load step's retry settings come with the request.</summary>
public sealed record EtlRequest(
    [property: Required] string Source,
    IReadOnlyList<string>? Rows = null,
    [property: Range(1, 10)] int LoadAttempts = 3,
    [property: Range(0.001, 3600)] double RetryIntervalSeconds = 5);

/// <summary>The result of a run.</summary>
public sealed record EtlResult(string Source, int Extracted, int Loaded);

/// <summary>
/// run_after: extract -> transform -> load, each step getting the previous step's result.
/// load is retried with a RetryPolicy (exponential back-off); when every attempt fails, the instance ends Failed.
/// </summary>
public static class EtlChain
{
    [Function("etl_chain")]
    public static async Task<EtlResult> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ILogger logger = context.CreateReplaySafeLogger(nameof(EtlChain));
        var request = context.GetInput<EtlRequest>() ?? throw new InvalidOperationException("etl_chain needs an EtlRequest input.");
        var loadRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
            maxNumberOfAttempts: request.LoadAttempts,
            firstRetryInterval: TimeSpan.FromSeconds(request.RetryIntervalSeconds),
            backoffCoefficient: 2.0));

        var rows = await context.CallActivityAsync<List<string>>("extract", request);
        var transformed = await context.CallActivityAsync<List<string>>("transform", rows);
        int loaded = await context.CallActivityAsync<int>("load", transformed, loadRetry);
        logger.LogInformation("ETL of {Source} loaded {Count} rows.", request.Source, loaded);
        return new EtlResult(request.Source, rows.Count, loaded);
    }

    [Function("extract")]
    public static List<string> Extract([ActivityTrigger] EtlRequest request) => [.. request.Rows ?? ["alpha", "beta", "gamma"]];

    [Function("transform")]
    public static List<string> Transform([ActivityTrigger] List<string> rows) => [.. rows.Select(row => row.Trim().ToUpperInvariant())];

    /// <summary>Loads the rows; a row named POISON stands for a bad record the target rejects on every attempt.</summary>
    [Function("load")]
    public static int Load([ActivityTrigger] List<string> rows)
    {
        if (rows.Contains("POISON"))
        {
            throw new InvalidDataException($"The target rejected row 'POISON' ({rows.Count} rows in the batch).");
        }

        return rows.Count;
    }

    [Function("etl_chain_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/etl_chain")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var (request, badRequest) = await StartInput.ReadAsync<EtlRequest>(req);
        if (badRequest is not null)
        {
            return badRequest;
        }

        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("etl_chain", request);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
