using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.Engine.Storage;
using Serverless.DurableTask.Functions.Http;
using Serverless.Host.Http.Keys;
using Serverless.Worker;

namespace Serverless.DurableTask.Functions.Management;

/// <summary>One request to the management API: authorization, parsing, answers (Durable Functions' routes and status codes).</summary>
internal sealed partial class ManagementApi(
    DurableTaskClient client,
    IOrchestrationServiceClient store,
    DurableTaskRegistry registry,
    HttpManagementUrls urls,
    IHostKeys keys,
    TimeProvider time,
    ILogger<ManagementApi> logger)
{
    public async Task<bool> AuthorizeAsync(HttpContext http)
    {
        var key = http.Request.Query["code"].FirstOrDefault() ?? http.Request.Headers["x-functions-key"].FirstOrDefault();
        if (!await keys.IsAuthorizedAsync(key, AuthorizationLevel.System, null, http.RequestAborted).ConfigureAwait(false))
        {
            Log.Unauthorized(logger, http.Request.Method, http.Request.Path);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return false;
        }

        var hub = http.Request.Query["taskHub"].FirstOrDefault();
        if (!string.IsNullOrEmpty(hub) && !string.Equals(hub, urls.HubName, StringComparison.OrdinalIgnoreCase))
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, $"Task hub '{hub}' is not served by this app; its task hub is '{urls.HubName}'.").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static Task ProblemAsync(HttpContext http, int status, string detail) =>
        Results.Problem(new ProblemDetails
        {
            Status = status,
            Title = status == StatusCodes.Status400BadRequest ? "Bad request" : "Request failed",
            Detail = detail,
        }).ExecuteAsync(http);

    private static Task JsonAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(body.ToJsonString(ManagementJson.Options), http.RequestAborted);
    }

    private static bool TryBool(HttpContext http, string name, bool fallback, out bool value, out string? error)
    {
        error = null;
        var raw = http.Request.Query[name].FirstOrDefault();
        value = fallback;
        if (raw is null || bool.TryParse(raw, out value))
        {
            return true;
        }

        error = $"Query parameter '{name}' is '{raw}': expected true or false.";
        return false;
    }

    private static bool TryTime(HttpContext http, string name, out DateTimeOffset? value, out string? error)
    {
        error = null;
        value = null;
        var raw = http.Request.Query[name].FirstOrDefault();
        if (raw is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"Query parameter '{name}' is '{raw}': expected an ISO 8601 time such as 2026-01-31T12:00:00Z.";
        return false;
    }

    private static bool TryStatuses(HttpContext http, out List<OrchestrationRuntimeStatus>? statuses, out string? error)
    {
        error = null;
        statuses = null;
        foreach (var value in http.Request.Query["runtimeStatus"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(value, ignoreCase: true, out var status) || int.TryParse(value, CultureInfo.InvariantCulture, out _))
            {
                error = $"Query parameter 'runtimeStatus' holds '{value}': expected {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.";
                return false;
            }

            (statuses ??= []).Add(status);
        }

        return true;
    }

    private static async Task<(bool Ok, string? Json)> ReadJsonBodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (true, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return (true, text);
        }
        catch (JsonException ex)
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, $"Invalid JSON content: {ex.Message}").ConfigureAwait(false);
            return (false, null);
        }
    }

    /// <summary>202 with Location, Retry-After and the management URLs, as CreateCheckStatusResponse answers.</summary>
    private async Task CheckStatusAsync(HttpContext http, string instanceId)
    {
        var key = await urls.GetSystemKeyAsync(http.RequestAborted).ConfigureAwait(false);
        var payload = urls.CreatePayload(new Uri($"{http.Request.Scheme}://{http.Request.Host}"), instanceId, key);
        http.Response.Headers.Location = payload.StatusQueryGetUri;
        http.Response.Headers.RetryAfter = "10";
        await JsonAsync(http, StatusCodes.Status202Accepted, JsonSerializer.SerializeToNode(payload)!).ConfigureAwait(false);
    }
}
