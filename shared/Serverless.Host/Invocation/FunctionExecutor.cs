using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Host.Bindings;
using Serverless.Host.Configuration;
using Serverless.Host.Indexing;
using Serverless.Worker;

namespace Serverless.Host.Invocation;

/// <summary>
/// Runs invocations: a DI scope per invocation, the function class built in it, parameters bound, functionTimeout
/// enforced, output bindings sent after success, "Executing"/"Executed" logged as the Functions host does.
/// </summary>
internal sealed class FunctionExecutor(
    IServiceScopeFactory scopes,
    ILogger<FunctionExecutor> logger,
    IOptions<FunctionHostOptions> options,
    TimeProvider time) : IFunctionExecutor
{
    private readonly TimeSpan? _timeout = options.Value.FunctionTimeout is { } t && t > TimeSpan.Zero ? t : null;

    public async Task<FunctionResult> ExecuteAsync(FunctionDescriptor function, TriggerInvocation request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(request);
        var invocationId = Guid.NewGuid().ToString();
        var started = Stopwatch.GetTimestamp();
        Log.Executing(logger, function.LogName, request.Reason, invocationId);

        using var timeout = _timeout is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var scope = scopes.CreateAsyncScope();
        await using var scopeDisposal = scope.ConfigureAwait(false);
        var retry = request.MaxRetryCount > 0 ? new InvocationContext.Retry(request.RetryCount, request.MaxRetryCount) : null;
        var context = new InvocationContext(invocationId, function, request.BindingData, scope.ServiceProvider, retry, linked.Token);

        try
        {
            var returned = await InvokeAsync(function, request, context, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            var triggerReturn = await SendOutputsAsync(function, returned, context, linked.Token).ConfigureAwait(false);
            var duration = Stopwatch.GetElapsedTime(started);
            Log.Executed(logger, function.LogName, invocationId, duration.TotalMilliseconds);
            return new FunctionResult(invocationId, true, triggerReturn, null, duration);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var error = new TimeoutException($"Timeout value of {_timeout} was exceeded by function: {function.LogName}");
            return Failed(function, invocationId, started, error);
        }
        catch (Exception ex)
        {
            return Failed(function, invocationId, started, ex);
        }
    }

    private FunctionResult Failed(FunctionDescriptor function, string invocationId, long started, Exception error)
    {
        var duration = Stopwatch.GetElapsedTime(started);
        Log.ExecutedFailed(logger, function.LogName, invocationId, duration.TotalMilliseconds, error);
        return new FunctionResult(invocationId, false, null, error, duration);
    }

    private static async Task<object?> InvokeAsync(FunctionDescriptor function, TriggerInvocation request, FunctionContext context, CancellationToken cancellationToken)
    {
        var arguments = new object?[function.Parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = function.Parameters[i] switch
            {
                ParameterBinder.Trigger => await request.BindTrigger(context).ConfigureAwait(false),
                ParameterBinder.Context => context,
                ParameterBinder.Cancellation => cancellationToken,
                ParameterBinder.Input input => await input.Binding.BindAsync(context).ConfigureAwait(false),
                ParameterBinder.FromBindingData data => ConvertBindingData(request.BindingData, data),
                _ => throw new InvalidOperationException("Unknown parameter binder."),
            };
        }

        var instance = function.CreateInstance?.Invoke(context.InstanceServices);
        try
        {
            object? raw;
            try
            {
                raw = function.Invoker.Invoke(instance, arguments.AsSpan());
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }

            return await function.AwaitReturn(raw).ConfigureAwait(false);
        }
        finally
        {
            if (instance is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (instance is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private static async Task<object?> SendOutputsAsync(FunctionDescriptor function, object? returned, FunctionContext context, CancellationToken cancellationToken)
    {
        if (function.ReturnOutput is { } output)
        {
            await output.SetValueAsync(returned, context, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (function.PropertyOutputs.Length == 0 || returned is null)
        {
            return returned;
        }

        foreach (var (property, binding) in function.PropertyOutputs)
        {
            await binding.SetValueAsync(property.GetValue(returned), context, cancellationToken).ConfigureAwait(false);
        }

        return function.TriggerReturnProperty?.GetValue(returned);
    }

    private static object? ConvertBindingData(IReadOnlyDictionary<string, object?> data, ParameterBinder.FromBindingData binder)
    {
        if (!data.TryGetValue(binder.Name, out var value) || value is null)
        {
            return binder.Type.IsValueType ? Activator.CreateInstance(binder.Type) : null;
        }

        if (binder.Type.IsInstanceOfType(value))
        {
            return value;
        }

        try
        {
            var target = Nullable.GetUnderlyingType(binder.Type) ?? binder.Type;
            return value is IConvertible && typeof(IConvertible).IsAssignableFrom(target)
                ? Convert.ChangeType(value, target, CultureInfo.InvariantCulture)
                : JsonSerializer.Deserialize(value as string ?? JsonSerializer.Serialize(value), binder.Type, WorkerJson.Options);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or JsonException)
        {
            throw new BindingException($"Binding data '{binder.Name}' ({value}) cannot be converted to {binder.Type.Name}.", ex);
        }
    }
}
