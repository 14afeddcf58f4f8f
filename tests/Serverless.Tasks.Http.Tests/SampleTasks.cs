using System.ComponentModel.DataAnnotations;
using System.Collections.Concurrent;

namespace Serverless.Tasks.Http.Tests;

/// <summary>The parameters of "greet": a count from 1 to 10 and a required name.</summary>
public sealed record GreetParameters([Range(1, 10)] int Count, [Required] string? Name);

/// <summary>What the test tasks did, for the tests to poll.</summary>
internal sealed class TaskProbe
{
    public ConcurrentDictionary<string, bool> Started { get; } = new();

    public ConcurrentDictionary<string, bool> Cancelled { get; } = new();
}

/// <summary>The tasks of the tests: "greet" (typed, returns text), "wait" (runs until aborted), "hourly" (declared schedule).</summary>
internal static class SampleTasks
{
    public static TaskCatalog Catalog(TaskProbe probe) => new TaskRegistry()
        .Add<GreetParameters, string>("greet", ctx => Task.FromResult($"{ctx.Parameters.Name} x{ctx.Parameters.Count}"),
            o => o.Priority = TaskPriority.High)
        .Add("wait", async ctx =>
        {
            probe.Started[ctx.RunId] = true;
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                probe.Cancelled[ctx.RunId] = true;
                throw;
            }
        })
        .Add("hourly", _ => Task.CompletedTask, o =>
        {
            o.Trigger = TaskTrigger.Every(TimeSpan.FromHours(1));
            o.MaxRetries = 2;
            o.Timeout = TimeSpan.FromMinutes(5);
        })
        .Build();
}
