using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.Worker;

/// <summary>
/// The host's side of the FunctionRpc protocol with one app's worker: starts the process, initializes it, indexes and
/// loads its functions, sends invocations, and restarts a worker that dies (with back-off), sending the invocations it
/// held to the new one.
/// </summary>
internal sealed partial class WorkerChannel(WorkerChannelOptions options, ILoggerFactory loggers, TimeProvider time) : IAsyncDisposable
{
    public const string HostVersion = "4.1044.0";

    private readonly ILogger _logger = loggers.CreateLogger("Host.Worker");
    private readonly ConcurrentDictionary<string, WorkerSession> _starting = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Uri? _rpcUri;
    private WorkerSession? _current;
    private WorkerSession? _readySession;
    private Task<WorkerSession> _ready = Task.FromException<WorkerSession>(new InvalidOperationException("The worker has not started."));
    private int _restarts;

    /// <summary>The functions the worker indexed, in its order.</summary>
    public IReadOnlyList<WorkerFunction> Functions { get; private set; } = [];

    /// <summary>The capabilities of the worker's init response (HttpUri with ASP.NET Core integration).</summary>
    public IReadOnlyDictionary<string, string> Capabilities { get; private set; } = new Dictionary<string, string>();

    /// <summary>The process id of the running worker, or null between runs.</summary>
    public int? ProcessId => _current is { HasEnded: false } current ? current.Process.ProcessId : null;

    /// <summary>How many times the worker was restarted after it died.</summary>
    public int Restarts => _restarts;

    /// <summary>Starts the first worker; throws with its exit code and stderr when it cannot start.</summary>
    public async Task StartAsync(Uri rpcUri, CancellationToken cancellationToken)
    {
        _rpcUri = rpcUri;
        var session = await StartSessionAsync(cancellationToken).ConfigureAwait(false);
        Functions = [.. session.Metadata.Task.Result.FunctionMetadataResults.Select(m => new WorkerFunction(m.Name, m))];
        lock (_gate)
        {
            if (ReferenceEquals(_readySession, session))
            {
                _ready = Task.FromResult(session);
            }
        }
    }

    /// <summary>Loads the functions into the running worker (FunctionLoadRequest each) once the host has accepted them.</summary>
    public async Task LoadFunctionsAsync(CancellationToken cancellationToken) =>
        await LoadAsync(await _ready.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>A worker stream opened: accepted when it belongs to a worker this channel is starting.</summary>
    public bool TryAttach(string workerId, WorkerConnection connection) =>
        _starting.TryGetValue(workerId, out var session) && session.Connected.TrySetResult(connection);

    public void OnDisconnected(WorkerConnection connection)
    {
        var session = _current;
        if (session is not null && ReferenceEquals(session.Connection, connection))
        {
            EndSession(session, "the worker's gRPC stream closed");
        }
    }

    public void OnMessage(WorkerConnection connection, StreamingMessage message)
    {
        var session = _current;
        if (session is null || !ReferenceEquals(session.Connection, connection))
        {
            return;
        }

        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (session.Pending.TryRemove(message.InvocationResponse.InvocationId, out var pending))
                {
                    pending.TrySetResult(message.InvocationResponse);
                }

                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                WorkerLogs.Write(loggers, message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                session.Init.TrySetResult(message.WorkerInitResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                session.Metadata.TrySetResult(message.FunctionMetadataResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                if (session.Loads.TryGetValue(message.FunctionLoadResponse.FunctionId, out var load))
                {
                    load.TrySetResult(message.FunctionLoadResponse);
                }

                break;
        }
    }

    /// <summary>Kills the running worker process as a crash would (tests of crash recovery; the channel restarts it).</summary>
    public void KillWorker() => _current?.Process.Crash();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_current is not { } session)
        {
            return;
        }

        if (session.HasEnded)
        {
            // Its stream is gone; make sure its process is too.
            session.Process.Kill();
            return;
        }

        session.Send(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(options.TerminateGrace) } });
        try
        {
            await session.Process.Exited.WaitAsync(options.TerminateGrace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Log.WorkerKilledAtStop(_logger, session.Process.ProcessId, options.TerminateGrace);
            session.Process.Kill();
        }

        session.End("the host stopped");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _current?.Dispose();
        _stopping.Dispose();
    }

    private async Task<WorkerSession> StartSessionAsync(CancellationToken cancellationToken)
    {
        var workerId = Guid.NewGuid().ToString();
        var process = WorkerProcess.Start(options.Config, _rpcUri!, workerId, options.Environment, line => Log.WorkerStdout(_logger, line));
        var session = new WorkerSession(process);
        _starting[workerId] = session;
        lock (_gate)
        {
            _current = session;
        }

        _ = WatchAsync(session);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(options.StartTimeout);
        try
        {
            var connection = await session.Connected.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            connection.Send(new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                WorkerInitRequest = new WorkerInitRequest
                {
                    HostVersion = HostVersion,
                    WorkerDirectory = options.Config.AppDirectory,
                    FunctionAppDirectory = options.Config.AppDirectory,
                },
            });
            var init = await session.Init.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            Ensure(init.Result, "WorkerInitRequest");
            Capabilities = new Dictionary<string, string>(init.Capabilities);

            connection.Send(new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = options.Config.AppDirectory },
            });
            var metadata = await session.Metadata.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            Ensure(metadata.Result, "FunctionsMetadataRequest");
            foreach (var function in metadata.FunctionMetadataResults)
            {
                session.FunctionIds[function.Name] = function.FunctionId;
            }

            if (Functions.Count > 0)
            {
                // A restart: the host's functions are generated already; load them into the new worker.
                await LoadAsync(session, timeout.Token).ConfigureAwait(false);
            }

            lock (_gate)
            {
                _readySession = session;
            }

            return session;
        }
        catch (Exception ex) when (ex is WorkerExitedException or OperationCanceledException or HostStartupException)
        {
            session.Process.Kill();
            var exitCode = await session.Process.Exited.WaitAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None).ConfigureAwait(false);
            var why = ex is OperationCanceledException && !cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested
                ? $"it did not connect and load its functions within {options.StartTimeout.TotalSeconds:0} s"
                : ex.Message;
            throw new HostStartupException(
                $"The worker '{options.Config.WorkerPath ?? options.Config.ExecutablePath}' in '{options.Config.AppDirectory}' could not start: {why} " +
                $"(exit code {exitCode}). Its stderr ended with:{Environment.NewLine}{session.Process.StderrTail}", ex);
        }
        finally
        {
            _starting.TryRemove(workerId, out _);
        }
    }

    private async Task LoadAsync(WorkerSession session, CancellationToken cancellationToken)
    {
        var loads = new List<Task<FunctionLoadResponse>>();
        foreach (var function in Functions)
        {
            if (!session.FunctionIds.TryGetValue(function.Name, out var id))
            {
                throw new HostStartupException($"The restarted worker no longer has function '{function.Name}'.");
            }

            var load = new TaskCompletionSource<FunctionLoadResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Loads[id] = load;
            loads.Add(load.Task);
            var metadata = function.Metadata.Clone();
            metadata.FunctionId = id;
            session.Send(new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = id, Metadata = metadata },
            });
        }

        foreach (var response in await Task.WhenAll(loads).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = Functions.FirstOrDefault(f => session.FunctionIds.GetValueOrDefault(f.Name) == response.FunctionId)?.Name ?? response.FunctionId;
            Ensure(response.Result, $"FunctionLoadRequest of '{name}'");
        }
    }

    /// <summary>Ends the session when its process exits.</summary>
    private async Task WatchAsync(WorkerSession session)
    {
        var exitCode = await session.Process.Exited.ConfigureAwait(false);
        EndSession(session, $"the worker process {session.Process.ProcessId} exited with code {exitCode}");
    }

    /// <summary>
    /// A worker run is over (its stream closed or its process exited): when it was the ready one, its successor is
    /// started first, then what waited on it fails, so the invocations it held find the restart already under way.
    /// A run that never got ready is retried by whoever started it.
    /// </summary>
    private void EndSession(WorkerSession session, string reason)
    {
        var restart = false;
        lock (_gate)
        {
            if (!_stopping.IsCancellationRequested && ReferenceEquals(_readySession, session))
            {
                _readySession = null;
                _ready = RestartAsync(session);
                restart = true;
            }
        }

        session.End(reason);
        if (restart)
        {
            Log.WorkerExited(_logger, session.Process.ProcessId, reason, session.Process.StderrTail);
        }
    }

    private async Task<WorkerSession> RestartAsync(WorkerSession dead)
    {
        // A closed stream may come before the process exit: make sure the old process is gone before its successor starts.
        dead.Process.Kill();
        await dead.Process.Exited.WaitAsync(TimeSpan.FromSeconds(10), time, _stopping.Token).ConfigureAwait(false);
        var delay = options.FirstRestartDelay;
        for (var attempt = 1; ; attempt++)
        {
            _stopping.Token.ThrowIfCancellationRequested();
            try
            {
                var session = await StartSessionAsync(_stopping.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _restarts);
                Log.WorkerRestarted(_logger, session.Process.ProcessId, attempt);
                return session;
            }
            catch (HostStartupException ex) when (!_stopping.IsCancellationRequested)
            {
                Log.WorkerRestartFailed(_logger, attempt, delay, ex);
                await Task.Delay(delay, time, _stopping.Token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRestartDelay.Ticks));
            }
        }
    }

    private static void Ensure(StatusResult? result, string request)
    {
        if (result is not { Status: StatusResult.Types.Status.Success })
        {
            throw new HostStartupException($"The worker answered {request} with {result?.Status.ToString() ?? "no result"}: {result?.Exception?.Message ?? result?.Result}");
        }
    }
}
