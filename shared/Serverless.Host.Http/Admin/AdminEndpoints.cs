using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Serverless.Host.Hosting;
using Serverless.Host.Http.Functions;
using Serverless.Host.Http.Keys;
using Serverless.Worker;

namespace Serverless.Host.Http.Admin;

/// <summary>
/// The Functions host's admin API, master key only: GET /admin/host/status, GET /admin/functions and
/// POST /admin/functions/{name} (runs a non-HTTP function now with {"input": "..."}; 202).
/// </summary>
internal sealed class AdminEndpoints(FunctionCatalog catalog, IHostKeys keys, IHostApplicationLifetime lifetime, AdminInvocations invocations) : IEndpointContributor
{
    private static readonly string Version =
        typeof(AdminEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0.0";

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var admin = endpoints.MapGroup("admin").RequireFunctionsKey(AuthorizationLevel.Admin);
        admin.MapGet("host/status", Status).WithDisplayName("Admin host status");
        admin.MapGet("functions", (HttpContext http) => Functions(http)).WithDisplayName("Admin list functions");
        admin.MapPost("functions/{name}", (string name, HttpContext http) => invocations.InvokeAsync(name, http)).WithDisplayName("Admin invoke function");
    }

    private IResult Status()
    {
        var state = lifetime.ApplicationStopping.IsCancellationRequested ? "Stopping"
            : lifetime.ApplicationStarted.IsCancellationRequested ? "Running" : "Initialized";
        return Results.Json(new
        {
            id = keys.HostId,
            state,
            version = Version.Split('+')[0],
            versionDetails = Version,
            processUptime = (long)(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds,
            functions = catalog.Functions.Count,
        });
    }

    private IResult Functions(HttpContext http)
    {
        var baseUri = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return Results.Json(catalog.Functions.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Select(f => new
        {
            name = f.Name,
            href = $"{baseUri}/admin/functions/{f.Name}",
            invoke_url_template = f.TriggerBinding is HttpTriggerBinding h ? h.Url(new Uri(baseUri)) : null,
            language = "dotnet-isolated",
            entryPoint = f.EntryPoint,
            scriptFile = Path.GetFileName(f.PathToAssembly),
            isDisabled = false,
            config = new
            {
                bindings = new[] { Binding(f.TriggerParameter.Name ?? "trigger", f.TriggerBinding) },
            },
        }));
    }

    private static AdminBinding Binding(string name, Bindings.ITriggerBinding trigger) => trigger is HttpTriggerBinding http
        ? new(name, trigger.TriggerType, "in", http.Level.ToString().ToLowerInvariant(), [.. http.Methods.Select(m => m.ToLowerInvariant())], http.Pattern.RawText)
        : new(name, trigger.TriggerType, "in", null, null, null);

    private sealed record AdminBinding(string Name, string Type, string Direction, string? AuthLevel, string[]? Methods, string? Route);
}
