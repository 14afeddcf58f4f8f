using System.ComponentModel.DataAnnotations;
using Serverless.Worker;
using Serverless.Worker.Http;

namespace Serverless.Tasks.Functions.Tests;

public sealed record GreetParams([property: Required, StringLength(40, MinimumLength = 1)] string Name);

/// <summary>An interval task and a task with typed parameters, enqueued from an HTTP function.</summary>
public static class SimpleTasks
{
    [Task("fx_tick", Every = "00:00:01")]
    public static void Tick(TaskContext context) => TaskProbe.Of(context).Record("tick", context.RunId);

    [Task("fx_greet")]
    public static string Greet(TaskContext<GreetParams> context)
    {
        TaskProbe.Of(context).Record("greet", context.Parameters.Name);
        return $"hello {context.Parameters.Name}";
    }
}

/// <summary>An HTTP function that enqueues a task run through the injected client and answers with the run id.</summary>
public sealed class EnqueueFunctions(ITaskClient tasks)
{
    [Function("fx_enqueue_greet")]
    public async Task<string> Enqueue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "greet")] HttpRequestData request)
    {
        var parameters = await request.ReadFromJsonAsync<GreetParams>();
        return await tasks.EnqueueAsync("fx_greet", parameters, cancellationToken: request.FunctionContext.CancellationToken);
    }
}

/// <summary>State a lifecycle task's setup hands to its ticks.</summary>
public sealed class CacheState
{
    public string Id { get; } = Guid.NewGuid().ToString("N");
}

/// <summary>A lifecycle task: setup once per host, a tick every second with the state, cleanup at shutdown.</summary>
[Task("fx_warm", Every = "00:00:01")]
public sealed class CacheWarmer(TaskProbe probe) : ILifecycleTask<CacheState>
{
    public Task<CacheState> SetupAsync(CancellationToken cancellationToken)
    {
        var state = new CacheState();
        probe.Record("setup", state.Id);
        return Task.FromResult(state);
    }

    public Task TickAsync(CacheState state, TaskContext context)
    {
        probe.Record("tick", state.Id);
        return Task.CompletedTask;
    }

    public Task CleanupAsync(CacheState state, CancellationToken cancellationToken)
    {
        probe.Record("cleanup", state.Id);
        return Task.CompletedTask;
    }
}

/// <summary>A lifecycle task whose setup fails: its ticks fail with the setup's error.</summary>
public sealed class BrokenWarmer : ILifecycleTask<CacheState>
{
    public Task<CacheState> SetupAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the cache is unreachable");

    public Task TickAsync(CacheState state, TaskContext context) => Task.CompletedTask;

    public Task CleanupAsync(CacheState state, CancellationToken cancellationToken) => Task.CompletedTask;
}
