using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Tasks.Functions.Http;

/// <summary>The answers of the tasks HTTP API: JSON with <see cref="TaskJson.Options"/>, RFC 7807 problem details for errors.</summary>
internal static class TaskApiResults
{
    public const string NoTasksDetail = "no tasks in this app";

    public static TaskApiResult Json(object value, int statusCode = StatusCodes.Status200OK) => new(statusCode, value);

    public static TaskApiResult NoContent() => new(StatusCodes.Status204NoContent);

    public static TaskApiResult NoTasks() => NotFound(NoTasksDetail);

    public static TaskApiResult NotFound(string detail, string? name = null, string? value = null) =>
        Problem(StatusCodes.Status404NotFound, "Not Found", "https://tools.ietf.org/html/rfc9110#section-15.5.5", detail, name, value);

    public static TaskApiResult BadRequest(string detail, string? name = null, string? value = null) =>
        Problem(StatusCodes.Status400BadRequest, "Bad Request", "https://tools.ietf.org/html/rfc9110#section-15.5.1", detail, name, value);

    public static TaskApiResult Conflict(string detail, string? name = null, string? value = null) =>
        Problem(StatusCodes.Status409Conflict, "Conflict", "https://tools.ietf.org/html/rfc9110#section-15.5.10", detail, name, value);

    /// <summary>400 with each invalid member and its problems (the parameters themselves are not echoed).</summary>
    public static TaskApiResult InvalidParameters(TaskParametersException exception, string what)
    {
        var problem = new HttpValidationProblemDetails(exception.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "One or more task parameters are not valid.",
            Status = StatusCodes.Status400BadRequest,
            Detail = $"The parameters of task '{exception.Task}' are not valid; nothing was {what}.",
        };
        problem.Extensions["task"] = exception.Task;
        return new(StatusCodes.Status400BadRequest, problem, TaskApiResult.ProblemContentType);
    }

    public static TaskApiResult UnknownTask(TaskCatalog catalog, string name) =>
        NotFound($"No task is named '{name}'. Known tasks: {string.Join(", ", catalog.Tasks.Select(t => t.Name))}.", "task", name);

    public static TaskApiResult UnknownRun(string runId) => NotFound($"No run has the id '{runId}'.", "runId", runId);

    public static TaskApiResult UnknownSchedule(string scheduleId) => NotFound($"No schedule has the id '{scheduleId}'.", "scheduleId", scheduleId);

    /// <summary>202 {id, statusQueryGetUri} with the status URI (GET runs/{id}, admin key like every route here) as Location.</summary>
    public static TaskApiResult RunAccepted(HttpRequest request, int routeSegments, string runId)
    {
        var uri = ApiUri(request, routeSegments, "runs/" + Uri.EscapeDataString(runId));
        return new(StatusCodes.Status202Accepted, new RunAcceptedResponse(runId, uri)) { Location = uri };
    }

    /// <summary>201 with the schedule and its URI (GET schedules/{id}) as Location.</summary>
    public static TaskApiResult ScheduleCreated(HttpRequest request, int routeSegments, TaskSchedule schedule) =>
        new(StatusCodes.Status201Created, schedule) { Location = ApiUri(request, routeSegments, "schedules/" + Uri.EscapeDataString(schedule.Id)) };

    /// <summary>
    /// The absolute URI of another route of this API: the request's path without its own route's last
    /// <paramref name="routeSegments"/> segments keeps the route prefix (host.json's "api", or whatever the app set).
    /// </summary>
    private static string ApiUri(HttpRequest request, int routeSegments, string route)
    {
        var segments = (request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var prefix = string.Concat(segments.Take(Math.Max(0, segments.Length - routeSegments)).Select(s => "/" + s));
        return $"{request.Scheme}://{request.Host}{request.PathBase}{prefix}/{route}";
    }

    private static TaskApiResult Problem(int status, string title, string type, string detail, string? name, string? value)
    {
        var problem = new ProblemDetails { Type = type, Title = title, Status = status, Detail = detail };
        if (name is not null)
        {
            problem.Extensions[name] = value;
        }

        return new(status, problem, TaskApiResult.ProblemContentType);
    }
}

/// <summary>The answer to a request that enqueued a run.</summary>
internal sealed record RunAcceptedResponse(string Id, string StatusQueryGetUri);

/// <summary>The answer to an abort request.</summary>
internal sealed record AbortResponse(bool Aborted);
