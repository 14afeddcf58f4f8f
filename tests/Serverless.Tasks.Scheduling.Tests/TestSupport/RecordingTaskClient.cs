using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Serverless.Tasks.Scheduling.Tests.TestSupport;

/// <summary>An enqueue as the scheduler asked for it.</summary>
internal sealed record RecordedEnqueue(string Task, JsonElement? Parameters, EnqueueOptions Options, string RunId);

/// <summary>An <see cref="ITaskClient"/> that records every enqueue (shared by several schedulers to catch double firings).</summary>
internal sealed class RecordingTaskClient : ITaskClient
{
    private readonly ConcurrentQueue<RecordedEnqueue> _enqueues = new();
    private int _next;

    public IReadOnlyList<RecordedEnqueue> Enqueues => [.. _enqueues];

    /// <summary>Throws this (once per call) instead of recording, when set.</summary>
    public Func<RecordedEnqueue, Exception?>? Fail { get; set; }

    public Task<string> EnqueueAsync(string task, object? parameters = null, EnqueueOptions? options = null, CancellationToken cancellationToken = default)
    {
        var json = parameters switch
        {
            null => (JsonElement?)null,
            JsonElement element => element,
            _ => JsonSerializer.SerializeToElement(parameters, parameters.GetType(), TaskJson.Options),
        };
        options ??= new EnqueueOptions();
        var runId = options.RunId ?? $"new-{Interlocked.Increment(ref _next)}";
        var enqueue = new RecordedEnqueue(task, json, options, runId);
        if (Fail?.Invoke(enqueue) is { } exception)
        {
            throw exception;
        }

        _enqueues.Enqueue(enqueue);
        return Task.FromResult(runId);
    }

    public Task<string> EnqueueAsync<TParams>(TaskReference<TParams> task, TParams parameters, EnqueueOptions? options = null, CancellationToken cancellationToken = default) =>
        EnqueueAsync(task.Name, parameters, options, cancellationToken);

    public Task<TaskRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public async IAsyncEnumerable<TaskRun> ListRunsAsync(TaskRunQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task<bool> AbortAsync(string runId, string? reason = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
