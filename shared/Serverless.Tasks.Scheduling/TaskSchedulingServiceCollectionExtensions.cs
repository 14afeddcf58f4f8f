using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Serverless.Tasks;
using Serverless.Tasks.Scheduling;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the task schedules: the schedules store, <see cref="ITaskScheduleClient"/> and the ticker that fires them.</summary>
public static class TaskSchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the schedules table store, the declared schedules, <see cref="ITaskScheduleClient"/> and
    /// <see cref="TaskScheduleTicker"/>, with <see cref="TimeProvider.System"/> unless a clock is registered. Nothing
    /// runs in the background: the app's timer function calls <see cref="TaskScheduleTicker.FireDueAsync"/> at every tick
    /// (one host at a time, by the Functions timer singleton). Expects the task runtime's services: the catalog, the task
    /// storage and <see cref="ITaskClient"/> (<c>services.AddServerlessTasksRuntime()</c>).
    /// </summary>
    public static IServiceCollection AddServerlessTaskScheduler(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SchedulerSettings>(_ => new SchedulerSettings());
        services.TryAddSingleton<ScheduleStore>();
        services.TryAddSingleton<DeclaredSchedules>();
        services.TryAddSingleton<TaskScheduleClient>();
        services.TryAddSingleton<ITaskScheduleClient>(sp => sp.GetRequiredService<TaskScheduleClient>());
        // A factory: the ticker is public (the timer function takes it), its constructor's parameters are internal.
        services.TryAddSingleton(sp => new TaskScheduleTicker(
            sp.GetRequiredService<ScheduleStore>(),
            sp.GetRequiredService<DeclaredSchedules>(),
            sp.GetRequiredService<TaskCatalog>(),
            sp.GetRequiredService<ITaskClient>(),
            sp.GetRequiredService<SchedulerSettings>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TaskScheduleTicker>>()));
        return services;
    }
}
