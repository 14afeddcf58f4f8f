using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Functions.Http;

/// <summary>
/// The tasks HTTP API's run routes (admin key): GET runs?task=&amp;status=Running,Failed&amp;from=&amp;to=&amp;top=
/// (newest first), GET runs/{runId}, POST runs/{runId}/abort.
/// </summary>
public sealed class TaskRunFunctions(TaskCatalog catalog, ITaskClient tasks, ILogger<TaskRunFunctions> logger)
{
    [Function("tasks_runs_list")]
    public async Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "runs")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        var (query, error) = RunQueryParser.Parse(req.Query);
        if (query is null)
        {
            return error!;
        }

        var runs = new List<TaskRun>();
        await foreach (var run in tasks.ListRunsAsync(query, req.HttpContext.RequestAborted).ConfigureAwait(false))
        {
            runs.Add(run);
            if (runs.Count >= query.Top)
            {
                break;
            }
        }

        return TaskApiResults.Json(runs);
    }

    [Function("tasks_runs_get")]
    public async Task<IActionResult> GetAsync([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "runs/{runId}")] HttpRequest req, string runId)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        var run = await tasks.GetRunAsync(runId, req.HttpContext.RequestAborted).ConfigureAwait(false);
        return run is null ? TaskApiResults.UnknownRun(runId) : TaskApiResults.Json(run);
    }

    /// <summary>200 {aborted}: true when the run was queued, scheduled, retrying or running; 404 for an unknown run.</summary>
    [Function("tasks_runs_abort")]
    public async Task<IActionResult> AbortAsync([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "runs/{runId}/abort")] HttpRequest req, string runId)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (catalog.Tasks.Count == 0)
        {
            return TaskApiResults.NoTasks();
        }

        var body = await JsonBody.ReadAsync<AbortRequest>(req, required: false, AbortRequest.Example).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var cancellationToken = req.HttpContext.RequestAborted;
        if (await tasks.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is null)
        {
            return TaskApiResults.UnknownRun(runId);
        }

        var aborted = await tasks.AbortAsync(runId, body.Value?.Reason ?? "aborted through the tasks HTTP API", cancellationToken).ConfigureAwait(false);
        Log.RunAbortRequested(logger, runId, aborted);
        return TaskApiResults.Json(new AbortResponse(aborted));
    }
}
