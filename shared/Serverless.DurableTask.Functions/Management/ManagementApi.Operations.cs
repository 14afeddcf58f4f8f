using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Functions.Management;

internal sealed partial class ManagementApi
{
    /// <summary>POST instances/{id}/raiseEvent/{name} with a JSON body: 202; 404 unknown; 410 finished; 400 not JSON.</summary>
    public async Task RaiseEventAsync(HttpContext http, string instanceId, string eventName)
    {
        if (!await RequireRunningAsync(http, instanceId).ConfigureAwait(false))
        {
            return;
        }

        if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "Only application/json request content is supported").ConfigureAwait(false);
            return;
        }

        var (ok, json) = await ReadJsonBodyAsync(http).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        Log.Operation(logger, "RaiseEvent " + eventName, instanceId);
        await client.RaiseEventAsync(instanceId, eventName, Payload(json), http.RequestAborted).ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    /// <summary>POST instances/{id}/terminate|suspend|resume[?reason=] (202; 404; 410) and restart (202 with the status URLs).</summary>
    public async Task OperationAsync(HttpContext http, string instanceId, string operation)
    {
        var reason = http.Request.Query["reason"].FirstOrDefault();
        switch (operation.ToUpperInvariant())
        {
            case "TERMINATE":
            case "SUSPEND":
            case "RESUME":
                if (!await RequireRunningAsync(http, instanceId).ConfigureAwait(false))
                {
                    return;
                }

                Log.Operation(logger, operation, instanceId);
                var task = operation.ToUpperInvariant() switch
                {
                    "TERMINATE" => client.TerminateInstanceAsync(instanceId, reason, http.RequestAborted),
                    "SUSPEND" => client.SuspendInstanceAsync(instanceId, reason, http.RequestAborted),
                    _ => client.ResumeInstanceAsync(instanceId, reason, http.RequestAborted),
                };
                await task.ConfigureAwait(false);
                http.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
            case "RESTART":
                await RestartAsync(http, instanceId).ConfigureAwait(false);
                return;
            case "REWIND":
                await ProblemAsync(http, StatusCodes.Status501NotImplemented, "Rewind is not supported by the underlying storage provider.").ConfigureAwait(false);
                return;
            default:
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }

    /// <summary>POST orchestrators/{name}[/{instanceId}] with an optional JSON input: 202 with the status URLs.</summary>
    public async Task StartAsync(HttpContext http, string functionName, string? instanceId)
    {
        if (!registry.OrchestratorNames.Contains(functionName, StringComparer.OrdinalIgnoreCase))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest,
                $"The function '{functionName}' doesn't exist, is disabled, or is not an orchestrator function.").ConfigureAwait(false);
            return;
        }

        var (ok, json) = await ReadJsonBodyAsync(http).ConfigureAwait(false);
        if (!ok)
        {
            return;
        }

        string id;
        try
        {
            id = await client.ScheduleNewOrchestrationInstanceAsync(
                functionName, Payload(json), new StartOrchestrationOptions(string.IsNullOrEmpty(instanceId) ? null : instanceId), http.RequestAborted).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            await ProblemAsync(http, StatusCodes.Status409Conflict, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (ArgumentException ex)
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return;
        }

        Log.Operation(logger, "Start " + functionName, id);
        await CheckStatusAsync(http, id).ConfigureAwait(false);
    }

    private async Task RestartAsync(HttpContext http, string instanceId)
    {
        if (!TryBool(http, "restartWithNewInstanceId", true, out var newId, out var error))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
            return;
        }

        string id;
        try
        {
            id = await client.RestartAsync(instanceId, newId, http.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "InstanceId does not match a valid orchestration instance.").ConfigureAwait(false);
            return;
        }
        catch (InvalidOperationException ex)
        {
            await ProblemAsync(http, StatusCodes.Status409Conflict, ex.Message).ConfigureAwait(false);
            return;
        }

        Log.Operation(logger, "Restart", instanceId);
        await CheckStatusAsync(http, id).ConfigureAwait(false);
    }

    /// <summary>404 when the instance does not exist, 410 Gone when it finished; true when it can take the operation.</summary>
    private async Task<bool> RequireRunningAsync(HttpContext http, string instanceId)
    {
        var state = await store.GetStateAsync(instanceId, includeInputsAndOutputs: false, http.RequestAborted).ConfigureAwait(false);
        if (state is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }

        if (state.IsTerminal)
        {
            http.Response.StatusCode = StatusCodes.Status410Gone;
            return false;
        }

        return true;
    }

    private static JsonElement? Payload(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
