using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Engine;
using Serverless.Host.Configuration;
using Serverless.Host.Hosting;
using Serverless.Host.Storage;
using Serverless.Tasks.Functions.Chains;
using Serverless.Tasks.Functions.CpuBound;
using Serverless.Tasks.Runtime;

[assembly: ServerlessExtension(typeof(Serverless.Tasks.Functions.TasksExtension))]

namespace Serverless.Tasks.Functions;

/// <summary>
/// Tasks in the function host: the catalog (the app's [Task] declarations and every registry added with
/// <c>services.AddTaskRegistry</c>, validated at start), host.json <c>extensions.tasks</c>, the task storage on the
/// connection it names, the worker and scheduler, chains as durable orchestrations, CPU-bound tasks as jobs and the
/// lifecycle tasks' setup and cleanup. An app without tasks starts no worker and touches no task storage.
/// </summary>
internal sealed class TasksExtension : IServerlessExtension
{
    public void Configure(IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostJsonExtensionOptions<TasksOptions>("tasks");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TaskCatalog>(sp => TaskCatalogFactory.Create(sp));
        services.AddSingleton<TaskStorage>(CreateStorage);

        services.TryAddSingleton<ITaskChainStarter, TaskChainStarter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskRunObserver, TaskChainObserver>());
        services.GetDurableTaskRegistry()
            .AddOrchestrator(TaskChains.OrchestratorName, typeof(TaskChainOrchestrator))
            .AddActivity(TaskChains.ReleaseActivity, typeof(TaskChainReleaseActivity))
            .AddActivity(TaskChains.AbortActivity, typeof(TaskChainAbortActivity));

        // The job launcher and store come from the jobs extension (Serverless.Jobs.Functions, always part of the app).
        services.TryAddSingleton<ICpuBoundTaskRunner, JobTaskRunner>();

        // The worker and scheduler run only when the app has tasks: their hosted services start behind the catalog.
        var existing = services.Where(d => d.ServiceType == typeof(IHostedService)).ToHashSet();
        services.AddServerlessTasksRuntime();
        services.AddServerlessTaskScheduler();
        var gated = services.Where(d => d.ServiceType == typeof(IHostedService) && !existing.Contains(d)).ToList();
        foreach (var descriptor in gated)
        {
            services.Remove(descriptor);
        }

        KeepFirst(services, typeof(TaskCatalog));
        KeepFirst(services, typeof(TaskStorage));
        services.AddSingleton(new TasksHost.Gated(gated));
        services.AddHostedService<TasksHost>();
    }

    private static TaskStorage CreateStorage(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TasksOptions>>().Value;
        var connections = services.GetRequiredService<StorageConnections>();
        return new TaskStorage(
            connections.CreateQueueServiceClient(options.Connection),
            connections.CreateTableServiceClient(options.Connection),
            connections.CreateBlobServiceClient(options.Connection),
            options.StoragePrefix);
    }

    /// <summary>The host builds the catalog and the storage: a default the runtime may add for other hosts does not replace them.</summary>
    private static void KeepFirst(IServiceCollection services, Type serviceType)
    {
        foreach (var later in services.Where(d => d.ServiceType == serviceType).Skip(1).ToList())
        {
            services.Remove(later);
        }
    }
}
