using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Host.Http;

/// <summary>RFC 7807 problem details answers, naming the function and invocation an operator greps the log for.</summary>
internal static class ProblemResponses
{
    public static Task WriteAsync(HttpContext http, int status, string title, string detail, string? functionName = null, string? invocationId = null)
    {
        var problem = new ProblemDetails
        {
            Type = status == StatusCodes.Status400BadRequest ? "https://tools.ietf.org/html/rfc9110#section-15.5.1" : "https://tools.ietf.org/html/rfc9110#section-15.6.1",
            Title = title,
            Status = status,
            Detail = detail,
        };
        if (functionName is not null)
        {
            problem.Extensions["function"] = functionName;
        }

        if (invocationId is not null)
        {
            problem.Extensions["invocationId"] = invocationId;
        }

        return Results.Problem(problem).ExecuteAsync(http);
    }
}
