using Serverless.Jobs;
using Serverless.Jobs.Functions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the job functions need: the app's job tasks, the launcher and store, and their completion queue.</summary>
public static class JobFunctionsServiceCollectionExtensions
{
    /// <summary>
    /// The job runner (<c>Serverless:Jobs</c> settings) for <see cref="JobOrchestrationExtensions.CallJobAsync{TResult}"/>,
    /// with the tasks of <paramref name="registry"/>; completion messages go to the queue named by
    /// <see cref="JobCompletionTrigger.QueueSetting"/>, which must be set (the worker stops at start, naming it).
    /// </summary>
    public static IServiceCollection AddServerlessJobFunctions(this IServiceCollection services, JobRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        services.AddSingleton(registry);
        services.AddServerlessJobs();
        services.AddOptions<JobsOptions>().Validate(
            options => !string.IsNullOrWhiteSpace(options.CompletionQueue),
            $"{JobCompletionTrigger.QueueSetting} (app setting Serverless__Jobs__CompletionQueue) is empty: the job functions need the queue their completion trigger listens on.");
        return services;
    }
}
