namespace Serverless.Tasks.Functions.Tests;

public sealed record SquareParams(int Value);

public sealed record SquareResult(long Square, int ProcessId);

public sealed record SpinParams(string PidFile);

/// <summary>CPU-bound tasks: they run as child processes of this test binary (job mode, see Program).</summary>
public static class CpuTasks
{
    [Task("fx_square", CpuBound = true, Cpus = 0.5, MemoryGiB = 0.5, Timeout = "00:01:00")]
    public static SquareResult Square(TaskContext<SquareParams> context) =>
        new((long)context.Parameters.Value * context.Parameters.Value, Environment.ProcessId);

    /// <summary>Writes its process id, then runs until cancelled.</summary>
    [Task("fx_spin", CpuBound = true, Cpus = 0.5, MemoryGiB = 0.5, Timeout = "00:02:00")]
    public static async Task Spin(TaskContext<SpinParams> context)
    {
        await File.WriteAllTextAsync(context.Parameters.PidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), context.CancellationToken);
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
    }

    [Task("fx_crash", CpuBound = true, Cpus = 0.5, MemoryGiB = 0.5, MaxRetries = 1, RetryDelay = "00:00:01", RetryJitter = false)]
    public static void Crash(TaskContext context) =>
        throw new InvalidOperationException($"attempt {context.Attempt} in process {Environment.ProcessId} failed on purpose");
}
