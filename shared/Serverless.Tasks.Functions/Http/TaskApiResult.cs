using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Tasks.Functions.Http;

/// <summary>
/// An answer of the tasks HTTP API: a status code, an optional Location and an optional body written as JSON with
/// <see cref="TaskJson.Options"/> (camelCase, enums as strings). It needs no MVC services, so it runs the same in the
/// worker's ASP.NET Core integration and in a test's DefaultHttpContext.
/// </summary>
internal sealed class TaskApiResult(int statusCode, object? value = null, string contentType = TaskApiResult.JsonContentType) : IActionResult
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    public int StatusCode { get; } = statusCode;

    /// <summary>The body; null for none (204).</summary>
    public object? Value { get; } = value;

    public string ContentType { get; } = contentType;

    public string? Location { get; init; }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (Value is not null)
        {
            await response.WriteAsJsonAsync(Value, Value.GetType(), TaskJson.Options, ContentType, context.HttpContext.RequestAborted)
                .ConfigureAwait(false);
        }
    }
}
