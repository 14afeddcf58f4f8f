using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.Functions.Bindings;
using Serverless.DurableTask.Functions.Configuration;
using Serverless.DurableTask.Functions.Http;
using Serverless.DurableTask.Functions.Management;
using Serverless.Host.Bindings;
using Serverless.Host.Configuration;
using Serverless.Host.Hosting;

[assembly: ServerlessExtension(typeof(Serverless.DurableTask.Functions.DurableExtension))]

namespace Serverless.DurableTask.Functions;

/// <summary>
/// Durable Functions in the host: [OrchestrationTrigger], [ActivityTrigger], [DurableClient], host.json
/// extensions.durableTask, the HTTP management API, and the engine with its backend (Azure Storage on the
/// storageProvider connection; in memory when the setting DurableTask:Backend is InMemory or the app runs with --in-memory).
/// </summary>
internal sealed class DurableExtension : IServerlessExtension
{
    public void Configure(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostJsonExtensionOptions<DurableTaskOptions>("durableTask");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<DurableTaskOptions>, DurableTaskOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableTaskOptions>, DurableTaskOptionsValidator>());

        // Before the engine's worker: hosted services start in order, and the worker must find every class-based task.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClassBasedTasks>());
        services.AddDurableTaskEngine();
        services.AddOptions<DurableTaskEngineOptions>().Configure<IOptions<DurableTaskOptions>>(ApplyEngineOptions);
        DurableBackend.Register(services);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerBindingProvider, OrchestrationTriggerBindingProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITriggerBindingProvider, ActivityTriggerBindingProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInputBindingProvider, DurableClientBindingProvider>());

        services.TryAddSingleton<HttpManagementUrls>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HttpManagementUrls.Warmup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEndpointContributor, ManagementEndpoints>());
    }

    private static void ApplyEngineOptions(DurableTaskEngineOptions engine, IOptions<DurableTaskOptions> host)
    {
        var options = host.Value;
        engine.HubName = options.HubName!;
        if (options.MaxConcurrentActivityFunctions is { } activities)
        {
            engine.MaxConcurrentActivityFunctions = activities;
        }

        if (options.MaxConcurrentOrchestratorFunctions is { } orchestrators)
        {
            engine.MaxConcurrentOrchestratorFunctions = orchestrators;
        }

        if (options.ExtendedSessionsEnabled is { } sessions)
        {
            engine.ExtendedSessionsEnabled = sessions;
        }
    }
}
