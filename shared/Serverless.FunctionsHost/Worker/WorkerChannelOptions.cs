namespace Serverless.FunctionsHost.Worker;

/// <summary>How the channel starts and restarts the worker.</summary>
internal sealed record WorkerChannelOptions
{
    public required WorkerConfig Config { get; init; }

    /// <summary>The environment of the worker process: app settings and the Functions variables.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>How long a start may take from process start to all functions loaded.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Times the worker may exit during one invocation before the invocation fails.</summary>
    public int MaxWorkerExitsPerInvocation { get; init; } = 3;

    /// <summary>First restart delay; doubled per failed start, up to <see cref="MaxRestartDelay"/>.</summary>
    public TimeSpan FirstRestartDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an invocation whose token fired still waits for the worker's answer after InvocationCancel.</summary>
    public TimeSpan CancelGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a stop waits for the worker to exit after WorkerTerminate before it is killed.</summary>
    public TimeSpan TerminateGrace { get; init; } = TimeSpan.FromSeconds(5);
}
