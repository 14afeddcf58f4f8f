using Serverless.Tasks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds task registries to an app; the host builds one catalog from all of them (and the app's [Task] declarations).</summary>
public static class TasksServiceCollectionExtensions
{
    public static IServiceCollection AddTaskRegistry(this IServiceCollection services, TaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        services.AddSingleton(registry);
        return services;
    }
}
