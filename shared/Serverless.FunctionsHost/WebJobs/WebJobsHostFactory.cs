using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Config;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Azure.WebJobs.Host.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>
/// The WebJobs SDK host with the real host-side extensions the app's build names in .azurefunctions/ (Storage
/// queues, Durable Task on Azure Storage, timers), configured from host.json under AzureFunctionsJobHost as the
/// Functions host configures them, indexing only the generated type.
/// </summary>
#pragma warning disable CS0618 // IWebHookProvider is how the Functions host gives extensions their webhook URL; WebJobs marks it internal-use.
internal static class WebJobsHostFactory
{
    public static IHost Build(
        IConfiguration configuration,
        Type generatedType,
        IGeneratedFunctionInvoker invoker,
        string hostId,
        TimeSpan? functionTimeout,
        IWebHookProvider webHooks,
        ILoggerFactory loggers)
    {
        return new HostBuilder()
            .UseEnvironment(Environments.Production)
            .ConfigureAppConfiguration(builder =>
            {
                builder.Sources.Clear();
                builder.AddConfiguration(configuration);
            })
            .ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(new ForwardingLoggerProvider(loggers));
            })
            .ConfigureServices(services => services.AddSingleton<IHostLifetime, EmbeddedLifetime>())
            .ConfigureWebJobs(webJobs =>
            {
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorageQueues();
                webJobs.AddTimers();
                webJobs.AddDurableTask();
            })
            .ConfigureServices(services =>
            {
                services.AddSingleton<ITypeLocator>(new GeneratedTypeLocator(generatedType));
                services.AddSingleton<IJobActivator>(new GeneratedFunctionsActivator(invoker));
                services.AddSingleton<IHostIdProvider>(new FixedHostIdProvider(hostId));
                services.AddSingleton(webHooks);
                services.RemoveAll<ScheduleMonitor>();
                services.AddSingleton<ScheduleMonitor>(provider => new BlobScheduleMonitor(HostingBlobs(provider), hostId));
                services.Configure<JobHostFunctionTimeoutOptions>(options =>
                {
                    if (functionTimeout is { } timeout)
                    {
                        options.Timeout = timeout;
                        options.ThrowOnTimeout = false;
                        options.TimeoutWhileDebugging = true;
                    }
                });
                services.Configure<SingletonOptions>(configuration.GetSection($"{Configuration.HostJson.Section}:singleton"));
            })
            .Build();
    }

    /// <summary>The blob service of AzureWebJobsStorage, through the same provider the WebJobs storage services use.</summary>
    public static BlobServiceClient HostingBlobs(IServiceProvider services)
    {
        var provider = services.GetRequiredService<IAzureBlobStorageProvider>();
        return provider.TryCreateBlobServiceClientFromConnection("Storage", out var client)
            ? client
            : throw new HostStartupException("Setting 'AzureWebJobsStorage' is missing or not a storage connection: the host keeps keys, timer status and locks in its blobs.");
    }

    private sealed class FixedHostIdProvider(string hostId) : IHostIdProvider
    {
        public Task<string> GetHostIdAsync(CancellationToken cancellationToken) => Task.FromResult(hostId);
    }
}

/// <summary>Sends the WebJobs host's logs to the local host's logger factory (one set of sinks and filters).</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory loggers) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => loggers.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
#pragma warning restore CS0618
