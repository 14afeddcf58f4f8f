using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Engine;
using Serverless.Host.Bindings;
using Serverless.Host.Indexing;
using Serverless.Host.Invocation;
using Serverless.Worker;

namespace Serverless.DurableTask.Functions.Bindings;

/// <summary>
/// [ActivityTrigger]: registers the function with the engine's registry as a serialized activity that runs through the
/// host's function executor (DI scope, FunctionContext, logs, functionTimeout). A failed invocation rethrows its exception,
/// so the engine records TaskFailed with the real exception type and message.
/// </summary>
internal sealed class ActivityTriggerBindingProvider(DurableTaskRegistry registry, IServiceProvider services) : ITriggerBindingProvider
{
    /// <summary>Binding data of an activity: the orchestration instance that scheduled it.</summary>
    private static readonly Dictionary<string, Type> BindingData = new(StringComparer.OrdinalIgnoreCase) { ["instanceId"] = typeof(string) };

    public ITriggerBinding? TryCreate(TriggerBindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attribute is not ActivityTriggerAttribute attribute)
        {
            return null;
        }

        var function = context.Function;
        var name = attribute.Activity ?? function.Name;
        var inputType = context.Parameter.ParameterType;
        registry.AddActivitySerialized(name, async (activity, input, cancellationToken) =>
        {
            var executor = services.GetRequiredService<IFunctionExecutor>();
            var request = new TriggerInvocation(
                _ => ValueTask.FromResult(Deserialize(input, inputType, name)),
                new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["instanceId"] = activity.InstanceId },
                $"Activity '{name}' scheduled by orchestration '{activity.InstanceId}'.");
            var result = await executor.ExecuteAsync(function, request, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                ExceptionDispatchInfo.Throw(result.Exception ?? new InvalidOperationException($"Activity '{name}' failed."));
            }

            return JsonDataConverter.Serialize(result.ReturnValue);
        });
        return new DurableTriggerBinding("activityTrigger", BindingData);
    }

    private static object? Deserialize(string? input, Type type, string name)
    {
        try
        {
            return JsonDataConverter.Deserialize(input, type);
        }
        catch (JsonException ex)
        {
            throw new BindingException($"The input of activity '{name}' cannot be converted to {type.Name}: {ex.Message}", ex);
        }
    }
}
