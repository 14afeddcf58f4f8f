using Microsoft.Extensions.Logging;

namespace Serverless.Benchmarks;

/// <summary>A logger provider handed to a host: calls back with the time, category and text of every line it logs.</summary>
internal sealed class LogTap(Action<DateTime, string, string> onLine) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(onLine, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(Action<DateTime, string, string> onLine, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            onLine(DateTime.UtcNow, category, formatter(state, exception) ?? "");
    }
}
