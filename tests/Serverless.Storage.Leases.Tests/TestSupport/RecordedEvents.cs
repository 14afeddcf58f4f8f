using System.Collections.Concurrent;

namespace Serverless.Storage.Leases.Tests.TestSupport;

/// <summary>Keeps what a lease reported, in order, as "Kind: reason".</summary>
internal sealed class RecordedEvents : ILeaseEvents
{
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> All => [.. _events];

    public int Count(string kind) => _events.Count(e => e.StartsWith(kind + ":", StringComparison.Ordinal));

    public void Lost(string reason) => _events.Enqueue($"Lost: {reason}");

    public void RenewFailed(string reason) => _events.Enqueue($"RenewFailed: {reason}");

    public void Released() => _events.Enqueue("Released:");

    public void ReleaseFailed(string reason) => _events.Enqueue($"ReleaseFailed: {reason}");
}
