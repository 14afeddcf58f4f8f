namespace Serverless.Jobs;

/// <summary>The environment variable names a launcher sets for a job process (and a Container Apps job execution).</summary>
public static class JobEnvironment
{
    public const string JobId = "SERVERLESS_JOB_ID";
    public const string TaskName = "SERVERLESS_JOB_TASK";
    public const string InputBlob = "SERVERLESS_JOB_INPUT";
    public const string Rank = "RANK";
    public const string RankCount = "RANK_COUNT";
    public const string Cpus = "SERVERLESS_JOB_CPUS";
    public const string TimeoutSeconds = "SERVERLESS_JOB_TIMEOUT_SECONDS";

    /// <summary>Seconds a job function may ignore its timeout's cancellation before the process records TimedOut and exits (default 10).</summary>
    public const string KillGraceSeconds = "SERVERLESS_JOB_KILL_GRACE_SECONDS";

    /// <summary>Connection string or blob service URI of the jobs storage; falls back to AzureWebJobsStorage.</summary>
    public const string Storage = "SERVERLESS_JOBS_STORAGE";

    /// <summary>The jobs container; default <see cref="DefaultContainer"/>.</summary>
    public const string Container = "SERVERLESS_JOBS_CONTAINER";

    public const string DefaultContainer = "serverless-jobs";

    /// <summary>The queue a job process tells of the run's end once every rank has written its outcome; unset: it does not.</summary>
    public const string CompletionQueue = "SERVERLESS_JOBS_COMPLETION_QUEUE";
}
