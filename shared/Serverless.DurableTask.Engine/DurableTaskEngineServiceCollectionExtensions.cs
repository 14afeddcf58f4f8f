using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.Engine.Client;
using Serverless.DurableTask.Engine.Dispatch;
using Serverless.DurableTask.Engine.InMemory;
using Serverless.DurableTask.Engine.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the durable engine: registry, worker (hosted service), client and options.</summary>
public static class DurableTaskEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the durable engine. A storage backend must be added too (<see cref="DurableTaskEngineBuilder.UseInMemoryStorage"/>
    /// or the Azure Storage backend). Options are validated when the host starts.
    /// </summary>
    public static DurableTaskEngineBuilder AddDurableTaskEngine(this IServiceCollection services, Action<DurableTaskEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<DurableTaskEngineOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        return AddCore(services);
    }

    /// <summary>Adds the durable engine with options bound from a configuration section (host.json extensions:durableTask).</summary>
    public static DurableTaskEngineBuilder AddDurableTaskEngine(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<DurableTaskEngineOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        return AddCore(services);
    }

    /// <summary>
    /// The engine's task registry in these services: the one registered already, or a new one that
    /// <see cref="AddDurableTaskEngine(IServiceCollection, Action{DurableTaskEngineOptions}?)"/> will use. Extensions that
    /// register orchestrators and activities while the services are configured (before the provider exists) add to it.
    /// </summary>
    public static DurableTaskRegistry GetDurableTaskRegistry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.FirstOrDefault(d => d.ServiceType == typeof(DurableTaskRegistry))?.ImplementationInstance is DurableTaskRegistry registry)
        {
            return registry;
        }

        registry = new DurableTaskRegistry();
        services.AddSingleton(registry);
        return registry;
    }

    private static DurableTaskEngineBuilder AddCore(IServiceCollection services)
    {
        var registry = services.GetDurableTaskRegistry();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EngineDurableTaskClient>();
        services.TryAddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<EngineDurableTaskClient>());
        services.TryAddSingleton<DurableTaskWorker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DurableTaskWorker>(sp => sp.GetRequiredService<DurableTaskWorker>()));
        return new DurableTaskEngineBuilder(services, registry);
    }
}

/// <summary>Configures the durable engine: tasks and storage.</summary>
public sealed class DurableTaskEngineBuilder(IServiceCollection services, DurableTaskRegistry registry)
{
    public IServiceCollection Services { get; } = services;

    public DurableTaskRegistry Registry { get; } = registry;

    /// <summary>Registers orchestrators and activities.</summary>
    public DurableTaskEngineBuilder AddTasks(Action<DurableTaskRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Registry);
        return this;
    }

    /// <summary>Uses the in-memory backend (fast tests, local demos; nothing survives the process).</summary>
    public DurableTaskEngineBuilder UseInMemoryStorage()
    {
        Services.TryAddSingleton<InMemoryOrchestrationService>();
        Services.TryAddSingleton<IOrchestrationService>(sp => sp.GetRequiredService<InMemoryOrchestrationService>());
        Services.TryAddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<InMemoryOrchestrationService>());
        return this;
    }
}
