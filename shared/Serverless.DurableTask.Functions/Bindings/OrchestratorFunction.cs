using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Indexing;
using Serverless.Worker;

namespace Serverless.DurableTask.Functions.Bindings;

/// <summary>
/// Runs an orchestrator function directly on the engine's replay context, not through the function executor: the
/// executor's functionTimeout and its ConfigureAwait(false) awaits must not wrap orchestrator code. A DI scope per
/// execution; an instance class is created in it with ActivatorUtilities.
/// </summary>
internal sealed class OrchestratorFunction(FunctionDescriptor function, ParameterInfo? inputParameter, IServiceProvider services)
{
    private readonly MethodInfo _method = function.Method;
    private readonly ParameterInfo[] _parameters = function.Method.GetParameters();

    public async Task<string?> RunAsync(TaskOrchestrationContext context, string? input)
    {
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(true))
        {
            var instance = _method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, _method.DeclaringType!);
            try
            {
                var arguments = new object?[_parameters.Length];
                for (var i = 0; i < arguments.Length; i++)
                {
                    var type = _parameters[i].ParameterType;
                    arguments[i] = _parameters[i] == function.TriggerParameter ? context
                        : type == typeof(FunctionContext) ? new OrchestratorFunctionContext(function, scope.ServiceProvider)
                        : type == typeof(CancellationToken) ? CancellationToken.None
                        : _parameters[i] == inputParameter ? JsonDataConverter.Deserialize(input, type)
                        : null;
                }

                var raw = _method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
                var output = await ReturnValues.AwaitAsync(raw, _method.ReturnType).ConfigureAwait(true);
                return JsonDataConverter.Serialize(output);
            }
            finally
            {
                if (instance is IAsyncDisposable asyncDisposable)
                {
                    await asyncDisposable.DisposeAsync().ConfigureAwait(true);
                }
                else if (instance is IDisposable disposable)
                {
                    disposable.Dispose();
                }
            }
        }
    }
}
