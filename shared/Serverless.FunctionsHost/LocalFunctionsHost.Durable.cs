using System.Text.Json;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.Extensions.Logging;
using Serverless.FunctionsHost.WebJobs;

namespace Serverless.FunctionsHost;

/// <summary>A DurableTaskClient on the app's task hub, through the Durable extension's own gRPC endpoint (as the worker's client).</summary>
public sealed partial class LocalFunctionsHost
{
    private DurableTaskClient? _durableClient;

    /// <summary>A client of the app's task hub: schedule, query, raise events, terminate, purge.</summary>
    public async Task<DurableTaskClient> GetDurableTaskClientAsync(CancellationToken cancellationToken = default)
    {
        if (_durableClient is not null)
        {
            return _durableClient;
        }

        await JobHost.CallAsync(FunctionGenerator.DurableClientProbe, new Dictionary<string, object?>(), cancellationToken).ConfigureAwait(false);
        var json = _dispatcher?.DurableClientJson ?? throw new InvalidOperationException("The app has no Durable functions, so the host has no task hub client.");
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var address = root.GetProperty("rpcBaseUrl").GetString()!;
        var taskHub = root.TryGetProperty("taskHubName", out var hub) ? hub.GetString() ?? "" : "";
        var connection = root.TryGetProperty("connectionName", out var name) ? name.GetString() ?? "" : "";
        var handler = new DurableHeadersHandler(taskHub, connection) { InnerHandler = new SocketsHttpHandler() };
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        _stops.Add(() =>
        {
            channel.Dispose();
            return Task.CompletedTask;
        });
        _durableClient = new GrpcDurableTaskClient(taskHub, new GrpcDurableTaskClientOptions { Channel = channel }, _loggers.CreateLogger("Host.DurableClient"));
        return _durableClient;
    }

    /// <summary>The headers the Durable extension's endpoint reads the task hub and connection from.</summary>
    private sealed class DurableHeadersHandler(string taskHub, string connection) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (taskHub.Length > 0)
            {
                request.Headers.TryAddWithoutValidation("Durable-TaskHub", taskHub);
            }

            if (connection.Length > 0)
            {
                request.Headers.TryAddWithoutValidation("Durable-ConnectionName", connection);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
