using Microsoft.Extensions.Logging;

namespace Serverless.Orchestrations;

/// <summary>What the ETL chain moves: a source and its rows. Retry settings are part of the request so a run can be tuned.</summary>
public sealed record EtlRequest(string Source, IReadOnlyList<string>? Rows = null, int LoadAttempts = 3, double RetryIntervalSeconds = 5);

/// <summary>The result of a successful run.</summary>
public sealed record EtlResult(string Source, int Extracted, int Loaded);

/// <summary>
/// An ETL chain: extract -> transform -> load, each an activity; load is retried with a back-off policy; when a step still
/// fails, the catch block is the failure handler: it runs failure_notify and rethrows, so the instance ends Failed.
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
        try
        {
            var rows = await context.CallActivityAsync<List<string>>("extract", request);
            var transformed = await context.CallActivityAsync<List<string>>("transform", rows);
            var loaded = await context.CallActivityAsync<int>("load", transformed, loadRetry);
            logger.LogInformation("ETL of {Source} loaded {Count} rows.", request.Source, loaded);
            return new EtlResult(request.Source, rows.Count, loaded);
        }
        catch (TaskFailedException ex)
        {
            await context.CallActivityAsync("failure_notify", new FailureNotice(context.InstanceId, ex.TaskName, ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage));
            throw;
        }
    }

    [Function("extract")]
    public static List<string> Extract([ActivityTrigger] EtlRequest request, FunctionContext executionContext)
    {
        executionContext.GetLogger("extract").LogInformation("Extracting from {Source}.", request.Source);
        return [.. request.Rows ?? ["alpha", "beta", "gamma"]];
    }

    [Function("transform")]
    public static List<string> Transform([ActivityTrigger] List<string> rows) =>
        [.. rows.Select(row => row.Trim().ToUpperInvariant())];

    /// <summary>Loads the rows; a row named POISON stands for a bad record the target rejects (every attempt).</summary>
    [Function("load")]
    public static int Load([ActivityTrigger] List<string> rows, FunctionContext executionContext)
    {
        if (rows.Contains("POISON"))
        {
            throw new InvalidDataException($"The target rejected row 'POISON' ({rows.Count} rows in the batch).");
        }

        executionContext.GetLogger("load").LogInformation("Loaded {Count} rows.", rows.Count);
        return rows.Count;
    }

    [Function("failure_notify")]
    public static void FailureNotify([ActivityTrigger] FailureNotice notice, FunctionContext executionContext) =>
        executionContext.GetLogger("failure_notify").LogError(
            "Orchestration {InstanceId}: step {Step} failed with {ErrorType}: {Message}", notice.InstanceId, notice.Step, notice.ErrorType, notice.Message);

    [Function("etl_chain_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "etl_chain")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var request = await req.ReadFromJsonAsync<EtlRequest>() ?? new EtlRequest("default");
        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("etl_chain", request);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}

/// <summary>What failure_notify reports.</summary>
public sealed record FailureNotice(string InstanceId, string Step, string ErrorType, string Message);
