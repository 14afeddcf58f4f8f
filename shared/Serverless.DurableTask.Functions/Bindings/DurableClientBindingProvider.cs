using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Functions.Http;
using Serverless.Host.Bindings;
using Serverless.Host.Configuration;
using Serverless.Host.Indexing;
using Serverless.Worker;

namespace Serverless.DurableTask.Functions.Bindings;

/// <summary>[DurableClient]: the app's <see cref="DurableTaskClient"/> (one task hub, one connection).</summary>
internal sealed class DurableClientBindingProvider : IInputBindingProvider
{
    public IInputBinding? TryCreate(InputBindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attribute is not DurableClientAttribute attribute)
        {
            return null;
        }

        if (!typeof(DurableTaskClient).IsAssignableFrom(context.Parameter.ParameterType))
        {
            throw new FunctionIndexingException(
                $"parameter '{context.Parameter.Name}': [DurableClient] binds a DurableTaskClient, not {context.Parameter.ParameterType.Name}.");
        }

        return new Binding(attribute.TaskHub, context.Function.Name);
    }

    private sealed class Binding(string? taskHub, string functionName) : IInputBinding
    {
        public ValueTask<object?> BindAsync(FunctionContext context)
        {
            var services = context.InstanceServices;
            if (taskHub is not null)
            {
                var hub = SettingNames.Resolve(services.GetRequiredService<IConfiguration>(), taskHub, $"[DurableClient] of function '{functionName}'");
                var appHub = services.GetRequiredService<HttpManagementUrls>().HubName;
                if (!string.Equals(hub, appHub, StringComparison.OrdinalIgnoreCase))
                {
                    throw new BindingException(
                        $"[DurableClient(TaskHub = \"{taskHub}\")] of function '{functionName}' names task hub '{hub}', but this app serves only its own task hub '{appHub}'.");
                }
            }

            return ValueTask.FromResult<object?>(services.GetRequiredService<DurableTaskClient>());
        }
    }
}
