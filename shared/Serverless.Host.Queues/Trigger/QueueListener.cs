using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Serverless.Host.Listeners;
using Serverless.Host.Queues.Pump;

namespace Serverless.Host.Queues.Trigger;

/// <summary>The listener of one queue-triggered function: a <see cref="QueuePump"/> whose handler runs the executor.</summary>
internal sealed class QueueListener : IListener
{
    private readonly ListenerContext _context;
    private readonly QueueMessageBinder _binder;
    private readonly QueuesMessageEncoding _encoding;
    private readonly int _maxDequeueCount;
    private readonly QueuePump _pump;

    public QueueListener(ListenerContext context, IMessageQueue queue, QueuePumpSettings settings, QueueMessageBinder binder,
        QueuesMessageEncoding encoding, TimeProvider time, ILogger logger)
    {
        _context = context;
        _binder = binder;
        _encoding = encoding;
        _maxDequeueCount = settings.MaxDequeueCount;
        _pump = new QueuePump(queue, settings, HandleAsync, time, logger, context.Function.Name);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _pump.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _pump.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _pump.DisposeAsync();

    private async Task<MessageResult> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var invocation = _binder.CreateInvocation(message, _encoding, _maxDequeueCount);
        var result = await _context.Executor.ExecuteAsync(_context.Function, invocation, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return new MessageResult(MessageOutcome.Completed);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new MessageResult(MessageOutcome.Released);
        }

        return result.BindingFailed
            ? new MessageResult(MessageOutcome.Poison, result.Exception!.Message)
            : new MessageResult(MessageOutcome.Failed, result.Exception?.Message);
    }
}
