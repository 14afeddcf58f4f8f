using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// A received run message: its queue, id and current pop receipt (each visibility update returns a new one). Operations
/// are serialized, so the renewal loop and the final delete or update never race.
/// </summary>
internal sealed class MessageHandle(QueueClient queue, QueueMessage message, bool idle) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _popReceipt = message.PopReceipt;
    private bool _gone;

    public QueueClient Queue { get; } = queue;

    public string MessageId { get; } = message.MessageId;

    public string Text { get; } = message.MessageText;

    /// <summary>Received from a namespace's idle queue (an opportunistic run).</summary>
    public bool Idle { get; } = idle;

    public long DequeueCount { get; } = message.DequeueCount;

    /// <summary>Makes the message visible again after <paramref name="visibility"/> (same message id). False when it is gone.</summary>
    public Task<bool> SetVisibilityAsync(TimeSpan visibility, CancellationToken cancellationToken) =>
        UpdateAsync(null, visibility, cancellationToken);

    /// <summary>Like <see cref="SetVisibilityAsync"/>, and replaces the message's text unless it is null.</summary>
    public async Task<bool> UpdateAsync(string? text, TimeSpan visibility, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_gone)
            {
                return false;
            }

            var receipt = await (text is null
                ? Queue.UpdateMessageAsync(MessageId, _popReceipt, visibilityTimeout: visibility, cancellationToken: cancellationToken)
                : Queue.UpdateMessageAsync(MessageId, _popReceipt, text, visibility, cancellationToken)).ConfigureAwait(false);
            _popReceipt = receipt.Value.PopReceipt;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            // Another host received it after its visibility lapsed (the pop receipt changed) or it was deleted.
            _gone = true;
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_gone)
            {
                await Queue.DeleteMessageAsync(MessageId, _popReceipt, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            // Gone already or received by another host: that host handles it by the run record.
        }
        finally
        {
            _gone = true;
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
