using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Host.Bindings;
using Serverless.Host.Http.Keys;
using Serverless.Host.Indexing;
using Serverless.Host.Invocation;
using Serverless.Worker;

namespace Serverless.Host.Http.Functions;

/// <summary>
/// Serves one HTTP function: checks the key, runs the function through the executor with the request as its trigger value,
/// then writes what it returned. A bad request (unbindable value, malformed JSON body) answers 400 problem details; a
/// failing function answers 500 without the exception (the executor logs it).
/// </summary>
internal sealed class HttpFunctionHandler(FunctionDescriptor function, HttpTriggerBinding binding, IFunctionExecutor executor, IHostKeys keys, ILogger logger)
{
    /// <summary>What the Functions host logs as the reason of an HTTP invocation.</summary>
    public const string Reason = "This function was programmatically called via the host APIs.";

    public async Task HandleAsync(HttpContext http)
    {
        if (binding.Level != AuthorizationLevel.Anonymous)
        {
            bool authorized;
            try
            {
                authorized = await keys.IsAuthorizedAsync(FunctionsAuthorization.GetKey(http.Request), binding.Level, function.Name, http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The keys could not be read (storage down, unreadable secrets blob): say so in the log, not to the client.
                Log.KeyCheckFailed(logger, function.Name, ex);
                await ProblemResponses.WriteAsync(http, StatusCodes.Status500InternalServerError, "Internal Server Error",
                    "The host could not read its keys; the host log has the error.", function.Name).ConfigureAwait(false);
                return;
            }

            if (!authorized)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
        }

        http.Request.EnableBuffering();
        var body = new ReadTrackingStream(http.Request.Body);
        http.Request.Body = body;
        var invocation = new TriggerInvocation(context => BindAsync(context, http, body), BindingData(http), Reason);
        var result = await executor.ExecuteAsync(function, invocation, http.RequestAborted).ConfigureAwait(false);
        if (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (!result.Succeeded)
        {
            await WriteFailureAsync(http, result, body).ConfigureAwait(false);
            return;
        }

        await HttpResultWriter.WriteAsync(http, result.ReturnValue, function.ReturnValueType).ConfigureAwait(false);
    }

    private Task WriteFailureAsync(HttpContext http, FunctionResult result, ReadTrackingStream body)
    {
        var detail = result.Exception switch
        {
            BindingException binding => binding.Message,
            JsonException json when body.WasRead => $"The request body is not valid JSON: {json.Message}",
            _ => null,
        };

        return detail is not null
            ? ProblemResponses.WriteAsync(http, StatusCodes.Status400BadRequest, "Bad Request", detail, function.Name, result.InvocationId)
            : ProblemResponses.WriteAsync(http, StatusCodes.Status500InternalServerError, "Internal Server Error",
                "The function failed; the host log has the error under this invocation id.", function.Name, result.InvocationId);
    }

    private Dictionary<string, object?> BindingData(HttpContext http)
    {
        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            [HttpTriggerBinding.QueryKey] = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            [HttpTriggerBinding.HeadersKey] = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        };
        foreach (var parameter in binding.Pattern.Parameters)
        {
            data[parameter.Name] = http.Request.RouteValues.TryGetValue(parameter.Name, out var value) ? value?.ToString() : null;
        }

        return data;
    }

    private async ValueTask<object?> BindAsync(FunctionContext context, HttpContext http, ReadTrackingStream body)
    {
        switch (binding.Kind)
        {
            case TriggerValueKind.RequestData:
                return new AspNetHttpRequestData(context, http, body);
            case TriggerValueKind.AspNetRequest:
                return http.Request;
            case TriggerValueKind.Stream:
                return body;
            case TriggerValueKind.String:
                using (var reader = new StreamReader(body, leaveOpen: true))
                {
                    return await reader.ReadToEndAsync(context.CancellationToken).ConfigureAwait(false);
                }

            case TriggerValueKind.Bytes:
                var buffer = new MemoryStream();
                await body.CopyToAsync(buffer, context.CancellationToken).ConfigureAwait(false);
                return buffer.ToArray();
            default:
                if (http.Request.ContentLength == 0)
                {
                    return null;
                }

                try
                {
                    return await JsonSerializer.DeserializeAsync(body, binding.ParameterType, WorkerJson.Options, context.CancellationToken).ConfigureAwait(false);
                }
                catch (JsonException ex)
                {
                    throw new BindingException(
                        $"The request body cannot be read as {binding.ParameterType.Name} for parameter '{function.TriggerParameter.Name}': {ex.Message}", ex);
                }
        }
    }
}
