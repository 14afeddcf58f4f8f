using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Jobs;
using Serverless.Jobs.ContainerApps;
using Serverless.Jobs.Local;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the job runner: <see cref="IJobLauncher"/> (local processes or Container Apps, by configuration) and <see cref="JobStore"/>.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>Binds <c>Serverless:Jobs</c> from configuration, then applies <paramref name="configure"/>.</summary>
    public static IServiceCollection AddServerlessJobs(this IServiceCollection services, Action<JobsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return AddCore(services);
    }

    /// <summary>Binds the job settings from <paramref name="section"/>.</summary>
    public static IServiceCollection AddServerlessJobs(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<JobsOptions>().Bind(section);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<JobsOptions>()
            .PostConfigure<IServiceProvider>((options, provider) =>
            {
                var configuration = provider.GetService<IConfiguration>();
                options.Storage ??= configuration?["AzureWebJobsStorage"] is { Length: > 0 } connection
                    ? connection
                    : configuration?["AzureWebJobsStorage:blobServiceUri"];
                options.ClientId ??= configuration?["AzureWebJobsStorage:clientId"];
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());
        services.AddOptions<JobsOptions>().Validate(
            o => !string.IsNullOrWhiteSpace(o.Storage),
            $"{JobsOptions.SectionName}:Storage is empty and so is AzureWebJobsStorage: the job runner needs a storage connection string or blob service URI.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<JobsOptions>>().Value;
            return new JobStorageSettings(options.Storage!, options.ContainerName, options.ClientId, options.CompletionQueue);
        });
        services.TryAddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<JobStorageSettings>();
            return new JobStore(
                JobStorage.CreateContainer(settings.Connection, settings.Container, credential: null, settings.ClientId),
                settings.CompletionQueue is { Length: > 0 } queue ? JobStorage.CreateQueue(settings.Connection, queue, credential: null, settings.ClientId) : null);
        });
        services.TryAddSingleton<LocalProcessJobLauncher>();
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<JobsOptions>>().Value.ContainerApps;
            var credential = provider.GetService<TokenCredential>()
                ?? (string.IsNullOrWhiteSpace(options.ClientId)
                    ? new DefaultAzureCredential()
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId)));
            return new ArmJobsClient(options, credential, provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<ContainerAppsJobLauncher>();
        services.TryAddSingleton<IJobLauncher>(provider =>
            provider.GetRequiredService<IOptions<JobsOptions>>().Value.Launcher switch
            {
                JobLauncherKind.ContainerApps => provider.GetRequiredService<ContainerAppsJobLauncher>(),
                _ => provider.GetRequiredService<LocalProcessJobLauncher>(),
            });
        return services;
    }
}
