using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Tasks;
using Serverless.Tasks.Functions;
using Serverless.Tasks.Functions.Chains;
using Serverless.Tasks.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the tasks of an isolated-worker app: the catalog, the task storage, the runtime and scheduler behind the tasks' functions.</summary>
public static class TasksFunctionsServiceCollectionExtensions
{
    /// <summary>
    /// The tasks of <paramref name="registry"/> (plus every registry added with <c>services.AddTaskRegistry</c>), run by
    /// the lane functions of <see cref="TaskLaneTriggers"/>, fired by the scheduler timer, controlled through the tasks
    /// HTTP API. Settings: <c>Serverless:Tasks</c> (<see cref="TasksOptions"/>), the lane queue settings
    /// (<c>Serverless:Tasks:Queues:*</c>) and the storage connection (AzureWebJobsStorage). The worker's start fails,
    /// naming the task, declaration and option, or the setting, when any of them is wrong.
    /// </summary>
    public static IServiceCollection AddServerlessTasks(this IServiceCollection services, TaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        services.AddTaskRegistry(registry);
        services.AddOptions<TasksOptions>().BindConfiguration("Serverless:Tasks");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var all = new TaskRegistry();
            foreach (var added in sp.GetServices<TaskRegistry>())
            {
                all.Add(added);
            }

            return all.Build();
        });
        services.TryAddSingleton(sp => TaskStorageConnection.Create(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IOptions<TasksOptions>>().Value));
        services.TryAddSingleton(sp => new TaskLaneSettings(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<TaskStorage>().Names, sp.GetRequiredService<IOptions<TasksOptions>>().Value.Namespace));
        services.TryAddSingleton<TaskChainQueue>();
        services.TryAddSingleton<ITaskChainStarter>(sp => sp.GetRequiredService<TaskChainQueue>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskRunObserver, TaskChainQueue>(sp => sp.GetRequiredService<TaskChainQueue>()));
        services.AddServerlessTasksRuntime();
        services.AddServerlessTaskScheduler();
        // First of the hosted services: the checks run before the Functions worker connects to its host, so a bad
        // declaration or setting stops the worker's start (the host reports it with the worker's stderr).
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, TasksStartup>());
        return services;
    }
}
