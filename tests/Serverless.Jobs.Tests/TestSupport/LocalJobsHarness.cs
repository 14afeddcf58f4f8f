using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Jobs.Local;
using Serverless.Testing;

namespace Serverless.Jobs.Tests.TestSupport;

/// <summary>A local launcher wired through <c>AddServerlessJobs</c>, running the TestJob binary, on its own container.</summary>
internal sealed class LocalJobsHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public LocalJobsHarness(AzuriteFixture azurite, Action<JobsOptions>? configure = null, string? container = null)
    {
        ContainerName = container ?? AzuriteFixture.UniqueName("jobs");
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        services.AddServerlessJobs(options =>
        {
            options.Storage = azurite.ConnectionString;
            options.ContainerName = ContainerName;
            options.PollInterval = TimeSpan.FromMilliseconds(50);
            options.Local.Executable = Path.Combine(AppContext.BaseDirectory, "Serverless.Jobs.TestJob.dll");
            options.Local.MaxCpus = 4;
            options.Local.MaxMemoryGiB = 8;
            configure?.Invoke(options);
        });
        _provider = services.BuildServiceProvider();
        Launcher = _provider.GetRequiredService<IJobLauncher>();
        Store = _provider.GetRequiredService<JobStore>();
        Local = (LocalProcessJobLauncher)Launcher;
        Local.ProcessStarted += (jobId, rank, pid) => Started.Enqueue((jobId, rank, pid));
    }

    public string ContainerName { get; }

    public ListLoggerProvider Logs { get; } = new();

    public IJobLauncher Launcher { get; }

    public LocalProcessJobLauncher Local { get; }

    public JobStore Store { get; }

    public System.Collections.Concurrent.ConcurrentQueue<(string JobId, int Rank, int Pid)> Started { get; } = new();

    public static string NewJobId() => AzuriteFixture.UniqueName("job");

    /// <summary>Writes the input and starts the task; returns the job id.</summary>
    public async Task<string> StartAsync<T>(string task, T input, double cpus = 0.5, double memoryGiB = 0.5, int ranks = 1, TimeSpan timeout = default)
    {
        var jobId = NewJobId();
        var inputBlob = await Store.WriteInputAsync(jobId, input);
        await Launcher.StartAsync(new JobRequest(jobId, task, inputBlob, cpus, memoryGiB, ranks, 1, timeout));
        return jobId;
    }

    public async Task<JobResult> RunAsync<T>(string task, T input, double cpus = 0.5, double memoryGiB = 0.5, int ranks = 1, TimeSpan timeout = default)
    {
        var jobId = await StartAsync(task, input, cpus, memoryGiB, ranks, timeout);
        return await Launcher.WaitAsync(jobId).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public int[] ProcessIds(string jobId) => Started.Where(s => s.JobId == jobId).Select(s => s.Pid).ToArray();

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
}
