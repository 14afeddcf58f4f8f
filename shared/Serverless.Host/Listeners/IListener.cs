using Serverless.Host.Indexing;
using Serverless.Host.Invocation;

namespace Serverless.Host.Listeners;

/// <summary>
/// Watches a trigger source and invokes one function through <see cref="IFunctionExecutor"/>.
/// StartAsync returns once listening began; StopAsync stops taking new work and waits for running invocations
/// (the drain) until its token fires, then cancels them and returns unstarted work to its source.
/// </summary>
public interface IListener : IAsyncDisposable
{
    Task StartAsync(CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);
}

/// <summary>What a listener gets: its function, the executor, the host's services and a token that fires at shutdown.</summary>
public sealed record ListenerContext(FunctionDescriptor Function, IFunctionExecutor Executor, IServiceProvider Services);
