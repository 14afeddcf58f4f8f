using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serverless.Host.Bindings;
using Serverless.Host.Configuration;
using Serverless.Host.Hosting;
using Serverless.Host.Timers;
using Serverless.Host.Timers.Bindings;
using Serverless.Host.Timers.Storage;

[assembly: ServerlessExtension(typeof(TimersExtension))]

namespace Serverless.Host.Timers;

/// <summary>Registers the [TimerTrigger] binding, its storage (schedule monitor, listener lock) and the singleton options.</summary>
internal sealed class TimersExtension : IServerlessExtension
{
    public void Configure(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerBindingProvider, TimerTriggerBindingProvider>());
        services.TryAddSingleton<TimerStorage>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TimersOptions>, TimersOptionsValidator>());
        services.GetHostJsonSchema().AddRootSection("singleton", typeof(TimersOptions));
        services.AddOptions<TimersOptions>()
            .BindConfiguration(TimersOptions.SectionName)
            .ValidateOnStart();
    }
}
