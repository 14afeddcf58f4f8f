using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Benchmarks;

/// <summary>The HTTP baseline: a minimal-API endpoint on Kestrel in this process answering what the Echo function answers.</summary>
internal static class BareKestrel
{
    public static async Task<(WebApplication App, Uri EchoUri)> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/api/echo/{name}", (string name, HttpContext context) =>
        {
            context.Response.Headers["x-echo"] = name;
            return Results.Json(new Greeting(name, context.Request.Method, context.Request.Query["q"]));
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(new Uri(address), "api/echo/bench"));
    }

    private sealed record Greeting(string Name, string Method, string? Query);
}
