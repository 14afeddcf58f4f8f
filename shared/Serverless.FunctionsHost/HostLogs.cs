using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Serverless.FunctionsHost;

/// <summary>One line of the host's log (its own, the extensions' and the worker's).</summary>
public sealed record HostLogEntry(DateTimeOffset Timestamp, string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>The host's log kept in memory (the latest 10,000 entries), for tests to read.</summary>
public sealed class HostLogs : ILoggerProvider
{
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<HostLogEntry> _entries = new();

    public IReadOnlyList<HostLogEntry> Entries => [.. _entries];

    /// <summary>The entries whose message contains the text.</summary>
    public IReadOnlyList<HostLogEntry> Containing(string text) => [.. _entries.Where(e => e.Message.Contains(text, StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private int _count;

    private void Add(HostLogEntry entry)
    {
        // Every log line passes here: a counter, not ConcurrentQueue.Count (which snapshots the queue).
        _entries.Enqueue(entry);
        if (Interlocked.Increment(ref _count) > Capacity && _entries.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed class Logger(HostLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add(new HostLogEntry(DateTimeOffset.UtcNow, category, logLevel, formatter(state, exception) ?? "", exception));
    }
}
