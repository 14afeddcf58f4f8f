namespace Serverless.Jobs.Functions.Tests;

public sealed record SquareInput(int Value);

public sealed record SquareOutput(long Square, int ProcessId);

public sealed record FailInput(string Reason);

public sealed record Empty;

public sealed record RankInput(int Base);

public sealed record RankOutput(int Rank, int RankCount, long Value);

public sealed record FlakyInput(string RunsFile);

/// <summary>Where a held job records its starts and waits for the release file.</summary>
public sealed record HoldInput(string StartsFile, string ReleaseFile, string Answer);

/// <summary>CPU-bound tasks the tests call from orchestrations; they run in child processes of this test binary.</summary>
public static class TestTasks
{
    public const string StderrMarker = "stderr-marker-from-the-job";

    [CpuBoundTask("square_job"), CpuBound(Cpus = 0.5, MemoryGiB = 0.5, TimeoutSeconds = 60)]
    public static Task<SquareOutput> Square(JobContext context, SquareInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new SquareOutput((long)input.Value * input.Value, Environment.ProcessId));

    [CpuBoundTask("fail_job"), CpuBound(Cpus = 0.5, MemoryGiB = 0.5, TimeoutSeconds = 60)]
    public static Task<Empty> Fail(JobContext context, FailInput input, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine(StderrMarker);
        Console.Error.Flush();
        throw new InvalidOperationException($"asked to fail: {input.Reason}");
    }

    [CpuBoundTask("slow_job"), CpuBound(Cpus = 0.5, MemoryGiB = 0.5, TimeoutSeconds = 2)]
    public static async Task<Empty> Slow(JobContext context, Empty input, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return new Empty();
    }

    [CpuBoundTask("ranks_job"), CpuBound(Cpus = 0.5, MemoryGiB = 0.5, Ranks = 3, TimeoutSeconds = 60)]
    public static Task<RankOutput> Ranks(JobContext context, RankInput input, CancellationToken cancellationToken) =>
        Task.FromResult(new RankOutput(context.Rank, context.RankCount, input.Base * (context.Rank + 1)));

    /// <summary>Fails on its first run (it leaves a marker file), succeeds on the next.</summary>
    [CpuBoundTask("flaky_job"), CpuBound(Cpus = 0.5, MemoryGiB = 0.5, TimeoutSeconds = 60)]
    public static Task<string> Flaky(JobContext context, FlakyInput input, CancellationToken cancellationToken)
    {
        File.AppendAllText(input.RunsFile, $"{context.JobId}{Environment.NewLine}");
        if (File.ReadAllLines(input.RunsFile).Length == 1)
        {
            throw new InvalidOperationException("first run fails");
        }

        return Task.FromResult("second run succeeded");
    }

    [CpuBoundTask("hold_job"), CpuBound(Cpus = 0.5, MemoryGiB = 0.5, TimeoutSeconds = 120)]
    public static async Task<string> Hold(JobContext context, HoldInput input, CancellationToken cancellationToken)
    {
        await File.AppendAllTextAsync(input.StartsFile, $"{Environment.ProcessId}{Environment.NewLine}", cancellationToken);
        while (!File.Exists(input.ReleaseFile))
        {
            await Task.Delay(50, cancellationToken);
        }

        return input.Answer;
    }
}
