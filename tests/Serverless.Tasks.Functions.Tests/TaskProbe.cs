using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>What the tasks of one test host report to the test: events in order, and signals tasks wait on.</summary>
public sealed class TaskProbe
{
    private readonly ConcurrentQueue<ProbeEvent> _events = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    public static TaskProbe Of(TaskContext context) => context.Services.GetRequiredService<TaskProbe>();

    public void Record(string name, string detail = "") => _events.Enqueue(new ProbeEvent(name, detail, _events.Count));

    public IReadOnlyList<ProbeEvent> Events => [.. _events];

    public IReadOnlyList<ProbeEvent> Named(string name) => [.. _events.Where(e => e.Name == name)];

    public int Count(string name) => _events.Count(e => e.Name == name);

    /// <summary>The index of the first event with this name, or -1.</summary>
    public int IndexOf(string name) => Events.ToList().FindIndex(e => e.Name == name);

    public TaskCompletionSource Signal(string name) =>
        _signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

public sealed record ProbeEvent(string Name, string Detail, int Sequence);
