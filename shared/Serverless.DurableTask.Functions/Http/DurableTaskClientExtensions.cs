using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Functions.Http;
using Serverless.Worker.Http;

namespace Serverless.Worker;

/// <summary>HTTP helpers of <see cref="DurableTaskClient"/> for HTTP-triggered starters (Durable Functions' extension methods).</summary>
public static class DurableTaskClientExtensions
{
    /// <summary>202 Accepted with a Location header (the status URL), Retry-After and the management URLs as JSON.</summary>
    public static HttpResponseData CreateCheckStatusResponse(this DurableTaskClient client, HttpRequestData request, string instanceId, CancellationToken cancellation = default) =>
        client.CreateCheckStatusResponse(request, instanceId, HttpStatusCode.Accepted, cancellation);

    /// <summary>The check-status response with another status code.</summary>
    public static HttpResponseData CreateCheckStatusResponse(this DurableTaskClient client, HttpRequestData request, string instanceId, HttpStatusCode statusCode, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var urls = Urls(request);
        return Write(request, urls.CreatePayload(request.Url, instanceId, urls.GetSystemKey()), statusCode);
    }

    /// <summary>The check-status response, fetching the system key asynchronously.</summary>
    public static async Task<HttpResponseData> CreateCheckStatusResponseAsync(this DurableTaskClient client, HttpRequestData request, string instanceId, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var urls = Urls(request);
        var key = await urls.GetSystemKeyAsync(cancellation).ConfigureAwait(false);
        return Write(request, urls.CreatePayload(request.Url, instanceId, key), HttpStatusCode.Accepted);
    }

    /// <summary>The management URLs of an instance, based on the request's scheme and host.</summary>
    public static HttpManagementPayload CreateHttpManagementPayload(this DurableTaskClient client, string instanceId, HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var urls = Urls(request);
        return urls.CreatePayload(request.Url, instanceId, urls.GetSystemKey());
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (default 10 s) for the instance to finish: 200 with its output when it
    /// completed; the check-status response (202) otherwise. Failed or terminated instances answer as the status API does.
    /// </summary>
    public static async Task<HttpResponseData> WaitForCompletionOrCreateCheckStatusResponseAsync(
        this DurableTaskClient client, HttpRequestData request, string instanceId, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        OrchestrationMetadata? metadata = null;
        try
        {
            metadata = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            // Not finished in time: answer with the status URLs.
        }

        if (metadata is null)
        {
            return await client.CreateCheckStatusResponseAsync(request, instanceId, cancellation).ConfigureAwait(false);
        }

        var response = request.CreateResponse();
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
        {
            response.StatusCode = HttpStatusCode.OK;
            response.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
            await response.WriteStringAsync(metadata.SerializedOutput ?? "null", cancellation).ConfigureAwait(false);
            return response;
        }

        await response.WriteAsJsonAsync(Serverless.DurableTask.Functions.Management.StatusPayload.From(metadata, showInput: true), HttpStatusCode.OK, cancellation).ConfigureAwait(false);
        return response;
    }

    private static HttpManagementUrls Urls(HttpRequestData request) =>
        request.FunctionContext.InstanceServices.GetRequiredService<HttpManagementUrls>();

    private static HttpResponseData Write(HttpRequestData request, HttpManagementPayload payload, HttpStatusCode statusCode)
    {
        var response = request.CreateResponse();
        response.StatusCode = statusCode;
        response.Headers.TryAddWithoutValidation("Location", payload.StatusQueryGetUri);
        response.Headers.TryAddWithoutValidation("Retry-After", "10");
        response.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, ManagementJson.Options);
        response.Body.Write(bytes);
        return response;
    }
}
