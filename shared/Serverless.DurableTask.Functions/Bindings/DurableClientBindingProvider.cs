using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Client;
using Serverless.Host.Bindings;
using Serverless.Host.Indexing;
using Serverless.Worker;

namespace Serverless.DurableTask.Functions.Bindings;

/// <summary>[DurableClient]: the app's <see cref="DurableTaskClient"/> (one task hub, one connection).</summary>
internal sealed class DurableClientBindingProvider : IInputBindingProvider
{
    public IInputBinding? TryCreate(InputBindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attribute is not DurableClientAttribute)
        {
            return null;
        }

        if (!typeof(DurableTaskClient).IsAssignableFrom(context.Parameter.ParameterType))
        {
            throw new FunctionIndexingException(
                $"parameter '{context.Parameter.Name}': [DurableClient] binds a DurableTaskClient, not {context.Parameter.ParameterType.Name}.");
        }

        return new Binding();
    }

    private sealed class Binding : IInputBinding
    {
        public ValueTask<object?> BindAsync(FunctionContext context) =>
            ValueTask.FromResult<object?>(context.InstanceServices.GetRequiredService<DurableTaskClient>());
    }
}
