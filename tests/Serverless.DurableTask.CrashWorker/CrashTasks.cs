using Serverless.DurableTask.Engine;

namespace Serverless.DurableTask.CrashWorker;

/// <summary>
/// The orchestration the crash and two-host tests run: a chain of <see cref="ChainLength"/> increments, then a fan-out of
/// <see cref="FanOut"/> squares. Every activity execution adds a file "instance_step_guid" to the execution log directory, so the test can
/// count activities that ran more than once.
/// </summary>
public static class CrashTasks
{
    public const int ChainLength = 4;
    public const int FanOut = 4;
    public const string Orchestrator = "CrashChain";

    /// <summary>The output <see cref="Orchestrator"/> must produce for <paramref name="input"/>.</summary>
    public static long Expected(int input)
    {
        long value = input + ChainLength;
        return value + Enumerable.Range(1, FanOut).Sum(k => (value + k) * (value + k));
    }

    public static void Register(DurableTaskRegistry registry, string executionLog, TimeSpan activityDelay)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<int, long>(Orchestrator, async (ctx, input) =>
        {
            long value = input;
            for (var i = 0; i < ChainLength; i++)
            {
                value = await ctx.CallActivityAsync<long>("Inc", new Step(ctx.InstanceId, $"inc{i}", value));
            }

            var squares = await Task.WhenAll(Enumerable.Range(1, FanOut).Select(k => ctx.CallActivityAsync<long>("Square", new Step(ctx.InstanceId, $"sq{k}", value + k))));
            return value + squares.Sum();
        });
        registry.AddActivityFunc<Step, long>("Inc", async (_, step) =>
        {
            await RecordAsync(executionLog, step!, activityDelay);
            return step!.Value + 1;
        });
        registry.AddActivityFunc<Step, long>("Square", async (_, step) =>
        {
            await RecordAsync(executionLog, step!, activityDelay);
            return step!.Value * step.Value;
        });
    }

    /// <summary>One new file per execution in the log directory: atomic across threads and processes, unlike appends.</summary>
    private static async Task RecordAsync(string executionLog, Step step, TimeSpan delay)
    {
        await Task.Delay(delay);
        Directory.CreateDirectory(executionLog);
        await File.WriteAllTextAsync(Path.Combine(executionLog, $"{step.InstanceId}_{step.Name}_{Guid.NewGuid():N}"), string.Empty);
    }

    /// <summary>How many times each activity (instance and step) ran, from the execution log directory.</summary>
    public static Dictionary<string, int> Executions(string executionLog) =>
        !Directory.Exists(executionLog) ? [] : Directory.GetFiles(executionLog)
            .Select(f => Path.GetFileName(f)[..Path.GetFileName(f).LastIndexOf('_')])
            .GroupBy(k => k)
            .ToDictionary(g => g.Key, g => g.Count());

    public sealed record Step(string InstanceId, string Name, long Value);
}
