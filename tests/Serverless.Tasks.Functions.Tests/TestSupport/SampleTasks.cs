using System.ComponentModel.DataAnnotations;

namespace Serverless.Tasks.Functions.Tests.TestSupport;

/// <summary>The parameters of "greet": a count from 1 to 10 and a required name.</summary>
public sealed record GreetParameters([Range(1, 10)] int Count, [Required] string? Name);

/// <summary>
/// The tasks of the tests (none of them runs: no worker is started): "greet" (typed, high priority, at most once),
/// "wait" (untyped), "hourly" (every hour, 2 retries), "nightly" (cron, on-failure "alert", runs before "wait"),
/// "crunch" (CPU-bound) and "alert".
/// </summary>
internal static class SampleTasks
{
    public static TaskCatalog Catalog() => new TaskRegistry()
        .Add<GreetParameters, string>("greet", ctx => Task.FromResult($"{ctx.Parameters.Name} x{ctx.Parameters.Count}"),
            o => o.Priority = TaskPriority.High)
        .Add("wait", _ => Task.CompletedTask)
        .Add("hourly", _ => Task.CompletedTask, o =>
        {
            o.Trigger = TaskTrigger.Every(TimeSpan.FromHours(1));
            o.MaxRetries = 2;
            o.Timeout = TimeSpan.FromMinutes(5);
        })
        .Add("nightly", _ => Task.CompletedTask, o =>
        {
            o.Trigger = TaskTrigger.Cron("0 3 * * *");
            o.OnFailure = "alert";
            o.RunBefore.Add("wait");
        })
        .Add("crunch", _ => Task.CompletedTask, o => o.CpuBound = new TaskResources(Cpus: 2, MemoryGiB: 4, Ranks: 4))
        .Add("alert", _ => Task.CompletedTask)
        .Build();
}
