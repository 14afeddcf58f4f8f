using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Logging;
using Serverless.FunctionsHost.Rpc;
using Serverless.FunctionsHost.Worker;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>
/// The body of every generated function: turns the values the WebJobs extensions bound into an InvocationRequest,
/// sends it over the worker channel, and turns the response into what the extension expects back (a Durable
/// result, queue messages through the <see cref="Binder"/>, or a failure carrying the worker's exception).
/// </summary>
internal sealed class FunctionDispatcher(
    IReadOnlyDictionary<string, FunctionDescriptor> functions,
    WorkerChannel channel,
    IHttpInvocationHandler http,
    ILogger<FunctionDispatcher> logger) : IGeneratedFunctionInvoker
{
    /// <summary>The Durable client JSON the probe function last received (see <see cref="FunctionGenerator.DurableClientProbe"/>).</summary>
    public string? DurableClientJson { get; private set; }

    public async Task<object?> InvokeAsync(string functionName, object?[] arguments)
    {
        if (functionName == FunctionGenerator.DurableClientProbe)
        {
            DurableClientJson = (string?)arguments[0];
            return null;
        }

        var function = functions[functionName];
        var cancellationToken = (CancellationToken)arguments[^1]!;
        var binder = function.QueueOutputs.Count > 0 ? (Binder)arguments[^2]! : null;

        // An HTTP function's invocation id is the one its request was stored under (its first argument).
        var request = TriggerInputs.NewRequest(function.Kind == TriggerKind.Http ? (string)arguments[0]! : null);
        for (var i = 0; i < function.DurableClients.Count; i++)
        {
            request.InputData.Add(new ParameterBinding { Name = function.DurableClients[i].Name, Data = TypedDataConverter.String((string)arguments[i + 1]!) });
        }

        InvocationResponse response;
        if (function.Kind == TriggerKind.Http)
        {
            response = await http.InvokeAsync(function, (string)arguments[0]!, request, r => SendAsync(function, r, resend: false, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            TriggerInputs.AddTrigger(request, function, arguments[0]);
            response = await SendAsync(function, request, resend: true, cancellationToken).ConfigureAwait(false);
        }

        if (response.Result?.Status != StatusResult.Types.Status.Success)
        {
            throw WorkerFunctionException.From(response.Result ?? new StatusResult { Status = StatusResult.Types.Status.Failure, Result = "no result" });
        }

        if (binder is not null)
        {
            await SendQueueOutputsAsync(function, response, binder, cancellationToken).ConfigureAwait(false);
        }

        return function.Kind switch
        {
            TriggerKind.Activity => TypedDataConverter.ToDurableResult(response.ReturnValue),
            TriggerKind.Orchestration or TriggerKind.Entity => TypedDataConverter.ToText(response.ReturnValue),
            _ => null,
        };
    }

    private async Task<InvocationResponse> SendAsync(FunctionDescriptor function, InvocationRequest request, bool resend, CancellationToken cancellationToken)
    {
        Log.Invoking(logger, function.Name, request.InvocationId);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await channel.InvokeAsync(function.Name, request, resend, cancellationToken).ConfigureAwait(false);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (response.Result?.Status == StatusResult.Types.Status.Success)
        {
            Log.Invoked(logger, function.Name, request.InvocationId, elapsed.TotalMilliseconds);
        }
        else
        {
            Log.InvocationFailed(logger, function.Name, request.InvocationId, elapsed.TotalMilliseconds, response.Result?.Exception?.Message ?? response.Result?.Result);
        }

        return response;
    }

    private static async Task SendQueueOutputsAsync(FunctionDescriptor function, InvocationResponse response, Binder binder, CancellationToken cancellationToken)
    {
        foreach (var output in function.QueueOutputs)
        {
            var value = output.Name == "$return" ? response.ReturnValue : response.OutputData.FirstOrDefault(o => o.Name == output.Name)?.Data;
            var messages = TypedDataConverter.ToMessages(value).ToList();
            if (messages.Count == 0)
            {
                continue;
            }

            var attribute = new QueueAttribute(output.String("queueName")) { Connection = output.String("connection") };
            var collector = await binder.BindAsync<IAsyncCollector<BinaryData>>(attribute, cancellationToken).ConfigureAwait(false);
            foreach (var message in messages)
            {
                await collector.AddAsync(message, cancellationToken).ConfigureAwait(false);
            }

            await collector.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
