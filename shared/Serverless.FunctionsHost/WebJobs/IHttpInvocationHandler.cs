using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>
/// The HTTP front's half of an HTTP function invocation: it owns the request stored under the invocation id, adds
/// the trigger input, carries the request to the worker (over RPC or by proxying it to the worker's own Kestrel) and
/// writes the response.
/// </summary>
internal interface IHttpInvocationHandler
{
    Task<InvocationResponse> InvokeAsync(FunctionDescriptor function, string invocationId, InvocationRequest request, Func<InvocationRequest, Task<InvocationResponse>> send, CancellationToken cancellationToken);
}
