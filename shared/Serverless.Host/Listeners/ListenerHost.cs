using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Host.Bindings;
using Serverless.Host.Hosting;
using Serverless.Host.Invocation;

namespace Serverless.Host.Listeners;

/// <summary>
/// Starts one listener per function when the host starts and stops them all when it stops: listeners stop taking new
/// work and drain running invocations until the host's shutdown timeout, then cancel them.
/// </summary>
internal sealed class ListenerHost(
    FunctionCatalog catalog,
    IFunctionExecutor executor,
    IServiceProvider services,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<ListenerHost> logger) : IHostedService, IAsyncDisposable
{
    private readonly List<IListener> _listeners = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var function in catalog.Functions)
        {
            var listener = function.TriggerBinding.CreateListener(new ListenerContext(function, executor, services));
            if (listener is null)
            {
                continue;
            }

            await listener.StartAsync(cancellationToken).ConfigureAwait(false);
            _listeners.Add(listener);
        }

        lifetime.ApplicationStarted.Register(PrintFunctions);
        Log.HostStarted(logger, catalog.Functions.Count, _listeners.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Log.Draining(logger, _listeners.Count);
        await Task.WhenAll(_listeners.Select(l => l.StopAsync(cancellationToken))).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _listeners.Clear();
    }

    /// <summary>Prints the functions as 'func start' does: name, then trigger, or methods and URL for HTTP.</summary>
    private void PrintFunctions()
    {
        var endpoint = new HostEndpoint(BaseAddress(server));
        var output = Console.Out;
        output.WriteLine();
        output.WriteLine("Functions:");
        output.WriteLine();
        foreach (var function in catalog.Functions.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase))
        {
            output.WriteLine($"\t{function.Name}: {function.TriggerBinding.Describe(endpoint)}");
            output.WriteLine();
        }

        output.Flush();
    }

    /// <summary>The first address Kestrel listens on, with a wildcard or loopback host shown as localhost.</summary>
    internal static Uri BaseAddress(IServer server)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:7071";
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "127.0.0.1" or "0.0.0.0" or "[::1]")
        {
            uri.Host = "localhost";
        }

        return uri.Uri;
    }
}
