using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Jobs.ContainerApps;
using Serverless.Jobs.Local;

namespace Serverless.Jobs;

/// <summary>
/// Creates the configured launcher (<see cref="JobsOptions.Launcher"/>) that the service container does NOT own: it is
/// not disposed when the host stops, so local job processes keep running through a host restart and the next host
/// resumes waiting for them through the store. Needs <c>AddServerlessJobs</c> in <paramref name="services"/>.
/// </summary>
public static class JobLauncherFactory
{
    public static IJobLauncher CreateDetached(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<IOptions<JobsOptions>>().Value.Launcher switch
        {
            JobLauncherKind.ContainerApps => services.GetRequiredService<ContainerAppsJobLauncher>(),
            _ => ActivatorUtilities.CreateInstance<LocalProcessJobLauncher>(services),
        };
    }
}
