using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Serverless.Tasks.Runtime.Tests.TestSupport;

/// <summary>Records the event ids of every log line at Debug and above, so a test can wait for one.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, string Message)> _entries = new();

    public int Count(int eventId) => _entries.Count(e => e.EventId == eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._entries.Enqueue((eventId.Id, formatter(state, exception)));
    }
}
