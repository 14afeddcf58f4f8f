using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Serverless.Tasks.Http;

/// <summary>The answers of the tasks admin API: JSON with <see cref="TaskJson.Options"/>, RFC 7807 problem details for errors.</summary>
internal static class TaskApiResults
{
    public const string NoTasksDetail = "no tasks in this app";

    public static IResult Json<T>(T value, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, TaskJson.Options, statusCode: statusCode);

    public static IResult NoTasks() => NotFound(NoTasksDetail);

    public static IResult NotFound(string detail, string? name = null, string? value = null) =>
        Problem(StatusCodes.Status404NotFound, "Not Found", detail, name, value);

    public static IResult BadRequest(string detail, string? name = null, string? value = null) =>
        Problem(StatusCodes.Status400BadRequest, "Bad Request", detail, name, value);

    public static IResult Conflict(string detail, string? name = null, string? value = null) =>
        Problem(StatusCodes.Status409Conflict, "Conflict", detail, name, value);

    /// <summary>400 with each invalid member and its problems (the parameters themselves are not echoed).</summary>
    public static IResult InvalidParameters(TaskParametersException exception) =>
        Results.ValidationProblem(
            exception.Errors.ToDictionary(e => e.Key, e => e.Value),
            detail: $"The parameters of task '{exception.Task}' are not valid; nothing was enqueued.",
            title: "One or more task parameters are not valid.",
            extensions: new Dictionary<string, object?> { ["task"] = exception.Task });

    /// <summary>The URI of a run's status (GET /admin/runs/{id}); it takes the master key like every admin route.</summary>
    public static string RunUri(HttpContext http, string runId) =>
        $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/admin/runs/{Uri.EscapeDataString(runId)}";

    public static string ScheduleUri(HttpContext http, string scheduleId) =>
        $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/admin/schedules/{Uri.EscapeDataString(scheduleId)}";

    /// <summary>202 {id, statusQueryGetUri} with the status URI as Location.</summary>
    public static IResult RunAccepted(HttpContext http, string runId)
    {
        var uri = RunUri(http, runId);
        http.Response.Headers.Location = uri;
        return Json(new RunAcceptedResponse(runId, uri), StatusCodes.Status202Accepted);
    }

    private static IResult Problem(int status, string title, string detail, string? name, string? value) =>
        Results.Problem(detail, statusCode: status, title: title,
            extensions: name is null ? null : new Dictionary<string, object?> { [name] = value });
}

/// <summary>The answer to a request that enqueued a run.</summary>
internal sealed record RunAcceptedResponse(string Id, string StatusQueryGetUri);

/// <summary>The answer to an abort request.</summary>
internal sealed record AbortResponse(bool Aborted);
