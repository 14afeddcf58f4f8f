using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Worker;

namespace Serverless.Host.Http.Keys;

/// <summary>Function keys on HTTP endpoints: where a request carries its key, and protecting any endpoint with a level.</summary>
public static class FunctionsAuthorization
{
    /// <summary>The header that carries a key.</summary>
    public const string KeyHeader = "x-functions-key";

    /// <summary>The query parameter that carries a key.</summary>
    public const string KeyQueryParameter = "code";

    /// <summary>The key of the request: the x-functions-key header, else the code query parameter; null when neither.</summary>
    public static string? GetKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(KeyHeader, out var header) && !string.IsNullOrEmpty(header.ToString()))
        {
            return header.ToString();
        }

        return request.Query.TryGetValue(KeyQueryParameter, out var code) && !string.IsNullOrEmpty(code.ToString()) ? code.ToString() : null;
    }

    /// <summary>Whether the request's key grants the level (for <paramref name="functionName"/>'s keys at Function level).</summary>
    public static ValueTask<bool> IsAuthorizedAsync(HttpContext context, AuthorizationLevel level, string? functionName = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return level == AuthorizationLevel.Anonymous
            ? ValueTask.FromResult(true)
            : context.RequestServices.GetRequiredService<IHostKeys>().IsAuthorizedAsync(GetKey(context.Request), level, functionName, context.RequestAborted);
    }

    /// <summary>
    /// Protects endpoints (minimal API handlers) with a key level, as Functions protects its own: a missing or wrong key
    /// answers 401 with an empty body. The durable management API uses System.
    /// </summary>
    public static TBuilder RequireFunctionsKey<TBuilder>(this TBuilder builder, AuthorizationLevel level, string? functionName = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEndpointFilter(async (context, next) =>
        {
            bool authorized;
            try
            {
                authorized = await IsAuthorizedAsync(context.HttpContext, level, functionName).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FunctionsAuthorization));
                Log.KeyCheckFailed(logger, context.HttpContext.Request.Path, ex);
                return Results.Problem("The host could not read its keys; the host log has the error.", statusCode: StatusCodes.Status500InternalServerError);
            }

            return authorized ? await next(context).ConfigureAwait(false) : Results.StatusCode(StatusCodes.Status401Unauthorized);
        });
    }
}
