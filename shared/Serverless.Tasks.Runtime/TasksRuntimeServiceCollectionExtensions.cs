using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Tasks;
using Serverless.Tasks.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the task runtime on Azure Storage: the client (<see cref="ITaskClient"/>) and the dispatcher the lanes' queue triggers call.</summary>
public static class TasksRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the task client (<see cref="ITaskClient"/>), the dispatcher of delivered run messages, the runs store, the
    /// concurrency slots and the host-capacity measure, with <see cref="TimeProvider.System"/> unless a clock is
    /// registered. The caller registers the <see cref="TaskCatalog"/>, the storage (TaskStorage) and the
    /// <see cref="TasksOptions"/> (validated at start by their DataAnnotations). The queues, tables and container are
    /// created at the first use (CreateIfNotExists).
    /// </summary>
    public static IServiceCollection AddServerlessTasksRuntime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(TaskDispatcher)))
        {
            return services;
        }

        services.AddOptions<TasksOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TaskStorageInitializer>();
        services.TryAddSingleton<TaskRunStore>();
        services.TryAddSingleton<LocalRuns>();
        services.TryAddSingleton<ConcurrencySlots>();
        services.TryAddSingleton<IHostCapacity, HostCapacity>();
        services.TryAddSingleton<TaskClient>();
        services.TryAddSingleton<ITaskClient>(sp => sp.GetRequiredService<TaskClient>());
        services.AddSingleton<TaskDispatcher>();
        return services;
    }
}
