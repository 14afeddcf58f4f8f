using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Host.Hosting;

[assembly: ServerlessExtension(typeof(Serverless.Tasks.Http.TasksHttpExtension))]

namespace Serverless.Tasks.Http;

/// <summary>
/// The tasks admin API (/admin/tasks, /admin/runs, /admin/schedules; master key). It resolves the task catalog and
/// clients per request, so it answers 404 "no tasks in this app" in an app without tasks instead of failing the start.
/// </summary>
internal sealed class TasksHttpExtension : IServerlessExtension
{
    public void Configure(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEndpointContributor, TasksAdminEndpoints>());
    }
}
