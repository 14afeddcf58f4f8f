using Microsoft.Extensions.Logging;

namespace Serverless.Jobs;

/// <summary>What a job function knows about its run: ids, its rank among the run's parallel processes, its resources.</summary>
public sealed class JobContext
{
    internal JobContext(string jobId, string taskName, int rank, int rankCount, double? cpus, ILogger logger)
    {
        JobId = jobId;
        TaskName = taskName;
        Rank = rank;
        RankCount = rankCount;
        Cpus = cpus;
        Logger = logger;
    }

    public string JobId { get; }

    public string TaskName { get; }

    /// <summary>This process's rank, 0 to <see cref="RankCount"/> - 1.</summary>
    public int Rank { get; }

    /// <summary>How many processes (ranks) the run has.</summary>
    public int RankCount { get; }

    /// <summary>The CPU cores requested per rank, when the launcher said.</summary>
    public double? Cpus { get; }

    /// <summary>Writes to the process's stderr, which the launcher collects into the run's log.</summary>
    public ILogger Logger { get; }
}
