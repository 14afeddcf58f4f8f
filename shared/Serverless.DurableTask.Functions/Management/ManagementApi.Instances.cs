using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Functions.Management;

internal sealed partial class ManagementApi
{
    private const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>GET instances/{id}: 200 when finished, 202 (Location, Retry-After 5) while running, 404 when unknown.</summary>
    public async Task GetAsync(HttpContext http, string instanceId)
    {
        if (!TryBool(http, "showHistory", false, out var showHistory, out var error)
            || !TryBool(http, "showHistoryOutput", false, out var showHistoryOutput, out error)
            || !TryBool(http, "showInput", true, out var showInput, out error)
            || !TryBool(http, "returnInternalServerErrorOnFailure", false, out var failureIs500, out error))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
            return;
        }

        var state = await store.GetStateAsync(instanceId, includeInputsAndOutputs: true, http.RequestAborted).ConfigureAwait(false);
        if (state is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var body = StatusPayload.From(state, showInput);
        if (showHistory)
        {
            var history = await store.GetHistoryAsync(instanceId, http.RequestAborted).ConfigureAwait(false);
            body["historyEvents"] = HistoryPayload.From(history, showHistoryOutput, showInput);
        }

        var status = state.Status switch
        {
            OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.ContinuedAsNew
                or OrchestrationRuntimeStatus.Suspended => StatusCodes.Status202Accepted,
            OrchestrationRuntimeStatus.Failed when failureIs500 => StatusCodes.Status500InternalServerError,
            _ => StatusCodes.Status200OK,
        };
        if (status == StatusCodes.Status202Accepted)
        {
            http.Response.Headers.Location = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
            http.Response.Headers.RetryAfter = "5";
        }

        await JsonAsync(http, status, body).ConfigureAwait(false);
    }

    /// <summary>GET instances: one page (top, default 100) filtered by runtimeStatus, createdTimeFrom/To, instanceIdPrefix.</summary>
    public async Task ListAsync(HttpContext http)
    {
        if (!TryTime(http, "createdTimeFrom", out var from, out var error)
            || !TryTime(http, "createdTimeTo", out var to, out error)
            || !TryStatuses(http, out var statuses, out error)
            || !TryBool(http, "showInput", true, out var showInput, out error)
            || !TryTop(http, out var top, out error))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
            return;
        }

        var query = new OrchestrationStateQuery
        {
            Statuses = statuses,
            CreatedFrom = from,
            CreatedTo = to,
            InstanceIdPrefix = http.Request.Query["instanceIdPrefix"].FirstOrDefault(),
            PageSize = top,
            ContinuationToken = http.Request.Headers[ContinuationHeader].FirstOrDefault() is { Length: > 0 } token ? token : null,
            FetchInputsAndOutputs = true,
        };
        var page = await store.QueryStatesAsync(query, http.RequestAborted).ConfigureAwait(false);
        if (page.ContinuationToken is not null)
        {
            http.Response.Headers[ContinuationHeader] = page.ContinuationToken;
        }

        await JsonAsync(http, StatusCodes.Status200OK, new JsonArray([.. page.States.Select(s => StatusPayload.From(s, showInput))])).ConfigureAwait(false);
    }

    /// <summary>DELETE instances/{id}: 200 {"instancesDeleted":1}; 404 when unknown; 412 when it still runs.</summary>
    public async Task PurgeAsync(HttpContext http, string instanceId)
    {
        var state = await store.GetStateAsync(instanceId, includeInputsAndOutputs: false, http.RequestAborted).ConfigureAwait(false);
        if (state is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!state.IsTerminal)
        {
            await ProblemAsync(http, StatusCodes.Status412PreconditionFailed,
                $"Only orchestrations in a terminal state can be purged, but the orchestration with instance ID {instanceId} has status {state.Status}").ConfigureAwait(false);
            return;
        }

        Log.Operation(logger, "Purge", instanceId);
        var result = await client.PurgeInstanceAsync(instanceId, http.RequestAborted).ConfigureAwait(false);
        await JsonAsync(http, StatusCodes.Status200OK, new JsonObject { ["instancesDeleted"] = result.PurgedInstanceCount }).ConfigureAwait(false);
    }

    /// <summary>DELETE instances?createdTimeFrom=..[&amp;createdTimeTo=..][&amp;runtimeStatus=..]: 200 with the count, 404 when none.</summary>
    public async Task PurgeByFilterAsync(HttpContext http)
    {
        if (!TryTime(http, "createdTimeFrom", out var from, out var error)
            || !TryTime(http, "createdTimeTo", out var to, out error)
            || !TryStatuses(http, out var statuses, out error))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
            return;
        }

        if (from is null)
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "Please provide value for 'createdTimeFrom' parameter.").ConfigureAwait(false);
            return;
        }

        Log.Operation(logger, "PurgeByFilter", "*");
        var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(from, to ?? time.GetUtcNow(), statuses), http.RequestAborted).ConfigureAwait(false);
        if (result.PurgedInstanceCount == 0)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await JsonAsync(http, StatusCodes.Status200OK, new JsonObject { ["instancesDeleted"] = result.PurgedInstanceCount }).ConfigureAwait(false);
    }

    private static bool TryTop(HttpContext http, out int top, out string? error)
    {
        error = null;
        top = OrchestrationQuery.DefaultPageSize;
        var raw = http.Request.Query["top"].FirstOrDefault();
        if (raw is null)
        {
            return true;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out top) && top is > 0 and <= 1000)
        {
            return true;
        }

        error = $"Query parameter 'top' is '{raw}': expected a page size from 1 to 1000.";
        return false;
    }
}
