using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.FunctionsHost.Http.Keys;
using Serverless.FunctionsHost.WebJobs;

namespace Serverless.FunctionsHost.Http;

/// <summary>What the HTTP front serves and how it reaches the rest of the host.</summary>
internal sealed record HttpFrontContext(
    IReadOnlyList<HttpRoute> Routes,
    IReadOnlyList<FunctionDescriptor> Functions,
    HttpInvocations Invocations,
    DurableWebhook Webhook,
    Func<IJobHost?> JobHost,
    Func<HostKeys?> Keys,
    bool EnableAuth,
    string HostId);

/// <summary>
/// The HTTP front (Kestrel): the app's HTTP functions on their routes under the route prefix, the Durable management
/// API behind its system key, and the admin API behind the master key. Requests that arrive before the WebJobs host
/// has started get 503.
/// </summary>
internal static class HttpFront
{
    private static readonly DateTime ProcessStart = System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static WebApplication Build(IPAddress address, int port, HttpFrontContext front, ILoggerFactory loggers)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Serverless.FunctionsHost.Http" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddRouting();
        var app = builder.Build();
        var logger = loggers.CreateLogger("Host.Http");

        foreach (var route in front.Routes)
        {
            var endpoint = route.Methods.Count == 0
                ? app.Map(route.Template, context => InvokeAsync(context, route, front, logger))
                : app.MapMethods(route.Template, route.Methods, context => InvokeAsync(context, route, front, logger));
            endpoint.WithDisplayName($"Functions.{route.Function.Name}");
        }

        app.Map($"{DurableWebhook.Path}/{{**rest}}", context => Guarded(context, front, AuthorizationLevel.System, null, () => front.Webhook.HandleAsync(context)));
        app.MapGet("admin/host/status", context => Guarded(context, front, AuthorizationLevel.Admin, null, () => context.Response.WriteAsJsonAsync(new
        {
            id = front.HostId,
            state = front.JobHost() is null ? "Initialized" : "Running",
            version = Worker.WorkerChannel.HostVersion,
            processUptime = (long)(DateTime.UtcNow - ProcessStart).TotalMilliseconds,
        })));
        app.MapPost("admin/functions/{name}", context => Guarded(context, front, AuthorizationLevel.Admin, null, () => AdminInvokeAsync(context, front, logger)));
        return app;
    }

    private static async Task InvokeAsync(HttpContext context, HttpRoute route, HttpFrontContext front, ILogger logger)
    {
        var level = front.EnableAuth ? route.Level : AuthorizationLevel.Anonymous;
        await Guarded(context, front, level, route.Function.Name, async () =>
        {
            var invocationId = Guid.NewGuid().ToString();
            using var stored = front.Invocations.Store(invocationId, context);
            try
            {
                await front.JobHost()!.CallAsync(route.Function.Name, new Dictionary<string, object?> { [FunctionGenerator.HttpInvocationParameter] = invocationId }, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
            {
                Log.HttpFunctionFailed(logger, route.Function.Name, context.Request.Method, context.Request.Path, ex);
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                }
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Runs the handler when the host is running and the request's key grants the level; else 503 or 401.</summary>
    private static async Task Guarded(HttpContext context, HttpFrontContext front, AuthorizationLevel level, string? functionName, Func<Task> handler)
    {
        if (front.JobHost() is null || front.Keys() is not { } keys)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (level != AuthorizationLevel.Anonymous)
        {
            bool authorized;
            try
            {
                authorized = await keys.IsAuthorizedAsync(RequestKeys.Get(context.Request), level, functionName, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.KeyCheckFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Host.Http"), context.Request.Path, ex);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            if (!authorized)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
        }

        await handler().ConfigureAwait(false);
    }

    /// <summary>POST /admin/functions/{name} {"input": "..."}: runs a non-HTTP function now, as the Functions host does (202).</summary>
    private static async Task AdminInvokeAsync(HttpContext context, HttpFrontContext front, ILogger logger)
    {
        var name = (string)context.GetRouteValue("name")!;
        var function = front.Functions.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"No function named '{name}'.").ConfigureAwait(false);
            return;
        }

        if (function.Kind is TriggerKind.Http or TriggerKind.Orchestration or TriggerKind.Activity or TriggerKind.Entity)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"Function '{function.Name}' has a {function.Trigger.Type}: it runs through its route or its orchestration, not the admin API.").ConfigureAwait(false);
            return;
        }

        string? input = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                input = body.RootElement.TryGetProperty("input", out var value) ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) : null;
            }
            catch (JsonException ex)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync($"The body is not JSON ({{\"input\": \"...\"}}): {ex.Message}").ConfigureAwait(false);
                return;
            }
        }

        // As the Functions host does, the input is the trigger's value: a queue message's text; a timer makes its own.
        var arguments = new Dictionary<string, object?> { [function.Trigger.Name] = function.Kind == TriggerKind.Queue ? input ?? "" : null };

        var jobHost = front.JobHost()!;
        _ = Task.Run(async () =>
        {
            try
            {
                await jobHost.CallAsync(function.Name, arguments).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.AdminInvocationFailed(logger, function.Name, ex);
            }
        });
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }
}
