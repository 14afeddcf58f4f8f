using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Engine;
using Serverless.Host.Hosting;

[assembly: ServerlessExtension(typeof(Serverless.Jobs.Functions.JobsExtension))]

namespace Serverless.Jobs.Functions;

/// <summary>
/// CPU-bound tasks in the host: every <see cref="CpuBoundTaskAttribute"/> method of the app becomes a durable activity
/// that runs the task as a job (local child processes by default; Container Apps with Serverless:Jobs:Launcher).
/// </summary>
internal sealed class JobsExtension : IServerlessExtension
{
    public void Configure(IServiceCollection services, IConfiguration configuration)
    {
        var tasks = CpuBoundTaskScanner.Scan();
        services.AddServerlessJobs();
        services.TryAddSingleton<DetachedLauncher>();
        services.TryAddSingleton<CpuBoundTaskRunner>();
        var provider = new ProviderHolder();
        services.AddSingleton(provider);
        services.AddHostedService(sp => new Startup(sp, tasks));

        var registry = services.GetDurableTaskRegistry();
        foreach (var task in tasks)
        {
            registry.AddActivitySerialized(task.Name, async (context, input, cancellationToken) =>
            {
                var services = await provider.Services.WaitAsync(cancellationToken).ConfigureAwait(false);
                return await services.GetRequiredService<CpuBoundTaskRunner>()
                    .RunAsync(task, context, input, cancellationToken).ConfigureAwait(false);
            });
        }
    }

    /// <summary>The built service provider, for activity bodies registered before it existed.</summary>
    private sealed class ProviderHolder
    {
        private readonly TaskCompletionSource<IServiceProvider> _services = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IServiceProvider> Services => _services.Task;

        public void Set(IServiceProvider services) => _services.TrySetResult(services);
    }

    /// <summary>Hands the provider to the activity bodies and shows each task in the host's start log.</summary>
    private sealed class Startup(IServiceProvider services, IReadOnlyList<CpuBoundTask> tasks) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<ProviderHolder>().Set(services);
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Serverless.Jobs.Functions");
            foreach (var task in tasks)
            {
                Log.TaskDeclared(logger, task.Describe());
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
