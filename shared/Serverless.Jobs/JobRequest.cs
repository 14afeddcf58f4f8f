namespace Serverless.Jobs;

/// <summary>
/// One run of a CPU-bound task as a job: which task, where its input is, and the resources it asks for.
/// </summary>
/// <param name="JobId">Unique id of the run; names its blobs and lets a waiter resume after a restart.</param>
/// <param name="TaskName">The job function registered in the app's <see cref="JobRegistry"/>.</param>
/// <param name="InputBlob">Name of the input blob in the jobs container (see <see cref="JobStore.WriteInputAsync"/>).</param>
/// <param name="Cpus">CPU cores per rank.</param>
/// <param name="MemoryGiB">Memory per rank in GiB.</param>
/// <param name="Ranks">Parallel replicas of the run; each is told its rank and the rank count.</param>
/// <param name="Nodes">Machines the ranks spread over (a hint for launchers that place ranks; local runs use one).</param>
/// <param name="Timeout">Wall-clock limit for the whole run, from its start.</param>
public sealed record JobRequest(
    string JobId,
    string TaskName,
    string InputBlob,
    double Cpus = 1,
    double MemoryGiB = 2,
    int Ranks = 1,
    int Nodes = 1,
    TimeSpan Timeout = default)
{
    /// <summary>Who waits for the run (a Durable Functions instance id): whoever handles its completion message tells it.</summary>
    public string? Owner { get; init; }

    /// <summary>The timeout used when a request leaves <see cref="Timeout"/> at zero.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The timeout in force: <see cref="Timeout"/> or <see cref="DefaultTimeout"/>.</summary>
    public TimeSpan EffectiveTimeout => Timeout > TimeSpan.Zero ? Timeout : DefaultTimeout;

    /// <summary>Throws when a field is out of range, naming the field and the job.</summary>
    public void Validate()
    {
        static void Require(bool ok, string field, object? value, string expected, string jobId)
        {
            if (!ok)
            {
                throw new ArgumentException(
                    $"Job '{jobId}': {field} is '{value}', expected {expected}.", field);
            }
        }

        Require(!string.IsNullOrWhiteSpace(JobId) && JobStore.IsValidJobId(JobId), nameof(JobId), JobId,
            "1-64 characters of letters, digits, '-' or '_'", JobId);
        Require(!string.IsNullOrWhiteSpace(TaskName), nameof(TaskName), TaskName, "a registered task name", JobId);
        Require(!string.IsNullOrWhiteSpace(InputBlob), nameof(InputBlob), InputBlob, "a blob name", JobId);
        Require(Cpus > 0, nameof(Cpus), Cpus, "more than 0", JobId);
        Require(MemoryGiB > 0, nameof(MemoryGiB), MemoryGiB, "more than 0", JobId);
        Require(Ranks is >= 1 and <= 1024, nameof(Ranks), Ranks, "1 to 1024", JobId);
        Require(Nodes >= 1 && Nodes <= Ranks, nameof(Nodes), Nodes, $"1 to Ranks ({Ranks})", JobId);
        Require(Timeout >= TimeSpan.Zero, nameof(Timeout), Timeout, "zero (default) or positive", JobId);
    }
}
