using Microsoft.AspNetCore.Http;

namespace Serverless.Tasks.Http;

/// <summary>GET /admin/runs, GET /admin/runs/{id}, POST /admin/runs/{id}/abort.</summary>
internal sealed partial class TasksAdminEndpoints
{
    private static async Task<IResult> ListRunsAsync(HttpContext http)
    {
        if (Catalog(http) is null)
        {
            return TaskApiResults.NoTasks();
        }

        var (query, error) = RunQueryParser.Parse(http.Request.Query);
        if (query is null)
        {
            return error!;
        }

        var runs = new List<TaskRun>();
        await foreach (var run in Client(http).ListRunsAsync(query, http.RequestAborted).ConfigureAwait(false))
        {
            runs.Add(run);
            if (runs.Count >= query.Top)
            {
                break;
            }
        }

        return TaskApiResults.Json(runs);
    }

    private static async Task<IResult> GetRunAsync(string id, HttpContext http)
    {
        if (Catalog(http) is null)
        {
            return TaskApiResults.NoTasks();
        }

        var run = await Client(http).GetRunAsync(id, http.RequestAborted).ConfigureAwait(false);
        return run is null ? UnknownRun(id) : TaskApiResults.Json(run);
    }

    private async Task<IResult> AbortAsync(string id, HttpContext http)
    {
        if (Catalog(http) is null)
        {
            return TaskApiResults.NoTasks();
        }

        var body = await JsonBody.ReadAsync<AbortRequest>(http, required: false, AbortRequest.Example).ConfigureAwait(false);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var client = Client(http);
        if (await client.GetRunAsync(id, http.RequestAborted).ConfigureAwait(false) is null)
        {
            return UnknownRun(id);
        }

        var aborted = await client.AbortAsync(id, body.Value?.Reason ?? "aborted through the admin API", http.RequestAborted).ConfigureAwait(false);
        Log.RunAbortRequested(logger, id, aborted);
        return TaskApiResults.Json(new AbortResponse(aborted));
    }
}
