using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Host.Bindings;
using Serverless.Host.Configuration;
using Serverless.Host.Hosting;
using Serverless.Host.Http.Admin;
using Serverless.Host.Http.Functions;
using Serverless.Host.Http.Keys;

[assembly: ServerlessExtension(typeof(Serverless.Host.Http.HttpExtension))]

namespace Serverless.Host.Http;

/// <summary>The HTTP trigger, function keys and the admin endpoints.</summary>
internal sealed class HttpExtension : IServerlessExtension
{
    public void Configure(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostJsonExtensionOptions<HttpOptions>("http");
        services.TryAddSingleton<HostIdProvider>();
        services.TryAddSingleton<KeyConfiguration>();
        services.TryAddSingleton<SecretsStore>();
        services.TryAddSingleton<HostKeys>();
        services.TryAddSingleton<IHostKeys>(sp => sp.GetRequiredService<HostKeys>());
        services.TryAddSingleton<AdminInvocations>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerBindingProvider, HttpTriggerBindingProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEndpointContributor, HttpFunctionEndpoints>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEndpointContributor, AdminEndpoints>());
        services.AddHostedService<HostKeysStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminInvocations>());
    }
}
