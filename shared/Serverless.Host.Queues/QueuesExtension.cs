using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Host.Bindings;
using Serverless.Host.Configuration;
using Serverless.Host.Hosting;
using Serverless.Host.Queues;
using Serverless.Host.Queues.Output;
using Serverless.Host.Queues.Trigger;

[assembly: ServerlessExtension(typeof(QueuesExtension))]

namespace Serverless.Host.Queues;

/// <summary>The Storage queue extension: [QueueTrigger], [QueueOutput] and host.json "extensions.queues".</summary>
internal sealed class QueuesExtension : IServerlessExtension
{
    public void Configure(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostJsonExtensionOptions<QueuesOptions>("queues");
        services.TryAddSingleton<QueueClientProvider>();
        services.TryAddSingleton<QueuePumpTuning>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerBindingProvider, QueueTriggerBindingProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOutputBindingProvider, QueueOutputBindingProvider>());
    }
}
