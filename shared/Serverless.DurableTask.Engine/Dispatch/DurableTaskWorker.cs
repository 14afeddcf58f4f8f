using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Dispatch;

/// <summary>
/// The hosted worker: prepares storage, then runs the orchestration and activity dispatchers until stopped. Stopping ends
/// the receive loops, lets running episodes and activities finish (until the host's stop timeout), then stops the backend.
/// </summary>
internal sealed class DurableTaskWorker : IHostedService, IAsyncDisposable
{
    private readonly IOrchestrationService _service;
    private readonly DurableTaskEngineOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly WorkLoop<OrchestrationWorkItem> _orchestrationLoop;
    private readonly WorkLoop<ActivityWorkItem> _activityLoop;
    private readonly DurableTaskRegistry _registry;
    private Task? _running;

    public DurableTaskWorker(
        IOrchestrationService service,
        DurableTaskRegistry registry,
        IServiceProvider services,
        IOptions<DurableTaskEngineOptions> options,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _service = service;
        _registry = registry;
        _options = options.Value;
        _logger = loggerFactory.CreateLogger<DurableTaskWorker>();
        Orchestrations = new OrchestrationDispatcher(service, registry, services, _options, time, loggerFactory);
        _orchestrationLoop = Orchestrations.CreateLoop();
        _activityLoop = new ActivityDispatcher(service, registry, services, _options, time, _logger).CreateLoop(_abort.Token);
    }

    internal OrchestrationDispatcher Orchestrations { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _service.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _service.StartAsync(cancellationToken).ConfigureAwait(false);
        _running = Task.WhenAll(
            Task.Run(() => _orchestrationLoop.RunAsync(_stopping.Token), CancellationToken.None),
            Task.Run(() => _activityLoop.RunAsync(_stopping.Token), CancellationToken.None));
        Log.WorkerStarted(_logger, _options.HubName, _registry.OrchestratorNames.Count, _registry.ActivityNames.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _orchestrationLoop.DrainAsync(cancellationToken).ConfigureAwait(false);
            await _activityLoop.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's stop timeout: cancel running activities; their messages come back after the lock timeout.
            await _abort.CancelAsync().ConfigureAwait(false);
        }

        await _service.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _running = null;
        Log.WorkerStopped(_logger, _options.HubName);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
        _abort.Dispose();
    }
}
