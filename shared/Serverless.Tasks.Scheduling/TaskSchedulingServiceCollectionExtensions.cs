using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Tasks;
using Serverless.Tasks.Scheduling;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the task schedules: the schedules store, <see cref="ITaskScheduleClient"/> and the scheduler.</summary>
public static class TaskSchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the schedules table store, <see cref="ITaskScheduleClient"/>, the upsert of declared schedules at start and,
    /// when <see cref="TasksOptions.SchedulerEnabled"/>, the scheduler that fires them (one host at a time, by a blob
    /// lease). Expects the task runtime's services: the catalog, the task storage, <see cref="ITaskClient"/> and the
    /// tasks options (<c>services.AddServerlessTasksRuntime()</c>).
    /// </summary>
    public static IServiceCollection AddServerlessTaskScheduler(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SchedulerSettings>(_ => new SchedulerSettings());
        services.TryAddSingleton<SchedulerMetrics>();
        services.TryAddSingleton<ScheduleChangeSignal>();
        services.TryAddSingleton<ScheduleStore>();
        services.TryAddSingleton<DeclaredSchedules>();
        services.TryAddSingleton<TaskScheduleClient>();
        services.TryAddSingleton<ITaskScheduleClient>(sp => sp.GetRequiredService<TaskScheduleClient>());
        services.TryAddSingleton<TaskSchedulerService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DeclaredSchedulesInitializer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SchedulerHostedService>());
        return services;
    }
}

/// <summary>Runs <see cref="TaskSchedulerService"/> on hosts with <see cref="TasksOptions.SchedulerEnabled"/>.</summary>
internal sealed class SchedulerHostedService(IServiceProvider services, IOptions<TasksOptions> options) : IHostedService
{
    private TaskSchedulerService? _scheduler;

    /// <summary>The started scheduler; null on a host with the scheduler disabled (or before the start).</summary>
    internal TaskSchedulerService? Scheduler => _scheduler;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            return Task.CompletedTask;
        }

        _scheduler = services.GetRequiredService<TaskSchedulerService>();
        return _scheduler.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _scheduler?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
