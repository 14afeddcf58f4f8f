namespace Serverless.Jobs;

/// <summary>Which launcher runs jobs.</summary>
public enum JobLauncherKind
{
    /// <summary>Child processes of the app's own binary on this machine (the default).</summary>
    Local,

    /// <summary>Executions of an Azure Container Apps job, started through Azure Resource Manager.</summary>
    ContainerApps,
}

/// <summary>Settings of the job runner, bound from <see cref="SectionName"/>.</summary>
public sealed record JobsOptions
{
    public const string SectionName = "Serverless:Jobs";

    public JobLauncherKind Launcher { get; set; } = JobLauncherKind.Local;

    /// <summary>
    /// Connection string or blob service URI of the jobs storage. Empty: the <c>AzureWebJobsStorage</c> setting
    /// (or <c>AzureWebJobsStorage:blobServiceUri</c> with a managed identity).
    /// </summary>
    public string? Storage { get; set; }

    /// <summary>Client id of the user-assigned managed identity for a blob service URI; empty: DefaultAzureCredential.</summary>
    public string? ClientId { get; set; }

    /// <summary>The blob container of inputs, results and logs.</summary>
    public string ContainerName { get; set; } = JobEnvironment.DefaultContainer;

    /// <summary>
    /// The storage queue told of each run's end: a message <c>{"jobId":"..."}</c> (Base64, as Functions' queue trigger
    /// reads it) from whoever records the result, the launcher or the job's last rank. Empty: no messages.
    /// </summary>
    public string? CompletionQueue { get; set; }

    /// <summary>
    /// How often a durable waiter (the <c>serverless_job</c> sub-orchestration) looks at a run between completion messages:
    /// whether its caller ended, whether it crashed while no launcher followed it.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many looks a durable waiter takes before it continues as new (keeping the events it has not handled), so that
    /// the history of a job that runs for hours stays short.
    /// </summary>
    public int ChecksPerGeneration { get; set; } = 50;

    /// <summary>How often a waiter checks the store for a run it does not follow itself (after a restart).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public LocalJobsOptions Local { get; set; } = new();

    public ContainerAppsJobsOptions ContainerApps { get; set; } = new();
}

/// <summary>Settings of the local process launcher (<c>Serverless:Jobs:Local</c>).</summary>
public sealed record LocalJobsOptions
{
    /// <summary>The job binary: an executable, or a .dll run with dotnet. Empty: this app's own binary.</summary>
    public string? Executable { get; set; }

    /// <summary>Arguments put before the job-mode switch.</summary>
    public IList<string> Arguments { get; set; } = [];

    /// <summary>Working directory of job processes; empty: the executable's directory.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>CPU cores jobs may use at once; empty: the machine's cores.</summary>
    public double? MaxCpus { get; set; }

    /// <summary>Memory in GiB jobs may use at once; empty: the memory available to this process.</summary>
    public double? MaxMemoryGiB { get; set; }

    /// <summary>Caps a .NET job process's GC heap at its memory request (DOTNET_GCHeapHardLimit), so overuse is an OutOfMemoryException.</summary>
    public bool LimitGcHeap { get; set; } = true;

    /// <summary>Lines of stderr kept per rank for failure details.</summary>
    public int StderrTailLines { get; set; } = 20;

    /// <summary>Characters of stdout/stderr kept for the run's log blob.</summary>
    public int MaxLogChars { get; set; } = 1_000_000;
}

/// <summary>Settings of the Azure Container Apps launcher (<c>Serverless:Jobs:ContainerApps</c>).</summary>
public sealed record ContainerAppsJobsOptions
{
    /// <summary>Azure Resource Manager endpoint; tests point it at a local server.</summary>
    public Uri ArmEndpoint { get; set; } = new("https://management.azure.com/");

    /// <summary>The token scope for ARM; empty: the ARM endpoint's <c>/.default</c> scope for management.azure.com.</summary>
    public string? ArmScope { get; set; }

    public string ApiVersion { get; set; } = "2024-03-01";

    public string? SubscriptionId { get; set; }

    public string? ResourceGroup { get; set; }

    /// <summary>The Container Apps job (manual trigger) whose executions run the tasks.</summary>
    public string? JobName { get; set; }

    /// <summary>The name of the container in the job's template.</summary>
    public string ContainerName { get; set; } = "job";

    /// <summary>The image of the job container (the app's image).</summary>
    public string? Image { get; set; }

    /// <summary>Client id of the managed identity used for ARM; empty: DefaultAzureCredential.</summary>
    public string? ClientId { get; set; }

    /// <summary>Extra environment variables for the job container (for example the storage settings of the job).</summary>
    public IDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>How often a running execution is polled.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
