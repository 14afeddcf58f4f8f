using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Serverless.FunctionsHost.Rpc;
using Serverless.FunctionsHost.WebJobs;

namespace Serverless.FunctionsHost.Http;

/// <summary>
/// The requests of HTTP functions in flight, by invocation id: the route handler stores one and calls the generated
/// function through the WebJobs host; its body comes back here to carry the request to the worker, in the model the
/// worker chose (ASP.NET Core integration when it reported an HttpUri, else the built-in model).
/// </summary>
internal sealed class HttpInvocations(Func<AspNetCoreProxy?> proxy) : IHttpInvocationHandler
{
    private readonly ConcurrentDictionary<string, HttpContext> _requests = new();

    public IDisposable Store(string invocationId, HttpContext context)
    {
        _requests[invocationId] = context;
        return new Removal(_requests, invocationId);
    }

    public async Task<InvocationResponse> InvokeAsync(FunctionDescriptor function, string invocationId, InvocationRequest request, Func<InvocationRequest, Task<InvocationResponse>> send, CancellationToken cancellationToken)
    {
        if (!_requests.TryGetValue(invocationId, out var context))
        {
            throw new InvalidOperationException($"HTTP function '{function.Name}' was called without a request (invocation {invocationId}); call it through its route.");
        }

        request.InvocationId = invocationId;
        RpcHttpConverter.AddTriggerMetadata(request, context);
        return proxy() is { } aspNetCore
            ? await ProxiedAsync(aspNetCore, function, context, request, send, cancellationToken).ConfigureAwait(false)
            : await BuiltInAsync(function, context, request, send, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<InvocationResponse> BuiltInAsync(FunctionDescriptor function, HttpContext context, InvocationRequest request, Func<InvocationRequest, Task<InvocationResponse>> send, CancellationToken cancellationToken)
    {
        request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { Http = await RpcHttpConverter.ToRpcAsync(context, cancellationToken).ConfigureAwait(false) } });
        var response = await send(request).ConfigureAwait(false);
        if (response.Result?.Status == StatusResult.Types.Status.Success)
        {
            var output = function.HttpOutput;
            var value = output is null || output.Name == "$return" ? response.ReturnValue : response.OutputData.FirstOrDefault(o => o.Name == output.Name)?.Data;
            if (value?.Http is { } http)
            {
                await RpcHttpConverter.WriteAsync(http, context.Response, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            }
        }

        return response;
    }

    private static async Task<InvocationResponse> ProxiedAsync(AspNetCoreProxy proxy, FunctionDescriptor function, HttpContext context, InvocationRequest request, Func<InvocationRequest, Task<InvocationResponse>> send, CancellationToken cancellationToken)
    {
        request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { Http = new RpcHttp() } });
        using var proxyCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var proxied = proxy.SendAsync(context, request.InvocationId, proxyCancellation.Token);
        InvocationResponse response;
        try
        {
            response = await send(request).ConfigureAwait(false);
        }
        catch
        {
            await proxyCancellation.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(proxied).ConfigureAwait(false);
            throw;
        }

        using var answer = await proxied.ConfigureAwait(false);
        if (response.Result?.Status == StatusResult.Types.Status.Success)
        {
            await AspNetCoreProxy.CopyAsync(answer, context.Response, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private sealed class Removal(ConcurrentDictionary<string, HttpContext> requests, string invocationId) : IDisposable
    {
        public void Dispose() => requests.TryRemove(invocationId, out _);
    }
}
