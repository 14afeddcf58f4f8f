namespace Serverless.Jobs.Local;

/// <summary>
/// Admits jobs while their CPU and memory requests fit the machine, first come first served: a job that does not fit
/// waits, and jobs behind it wait too (no starvation of big jobs). A request bigger than the machine is clamped to
/// the whole machine, so it runs alone.
/// </summary>
internal sealed class ResourceGate(double totalCpus, double totalMemoryGiB)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private double _usedCpus;
    private double _usedMemory;

    public double TotalCpus { get; } = totalCpus;

    public double TotalMemoryGiB { get; } = totalMemoryGiB;

    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public double UsedCpus
    {
        get
        {
            lock (_lock)
            {
                return _usedCpus;
            }
        }
    }

    public async Task<IDisposable> AcquireAsync(double cpus, double memoryGiB, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(Math.Min(cpus, TotalCpus), Math.Min(memoryGiB, TotalMemoryGiB));
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            if (_queue.Count == 0 && Fits(waiter))
            {
                Take(waiter);
                return new Lease(this, waiter);
            }

            node = _queue.AddLast(waiter);
        }

        using (cancellationToken.Register(() => Abandon(node, cancellationToken)))
        {
            await waiter.Admitted.Task.ConfigureAwait(false);
        }

        return new Lease(this, waiter);
    }

    private void Abandon(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return;
            }

            _queue.Remove(node);
            AdmitWaiters();
        }

        node.Value.Admitted.TrySetCanceled(cancellationToken);
    }

    private void Release(Waiter waiter)
    {
        lock (_lock)
        {
            _usedCpus -= waiter.Cpus;
            _usedMemory -= waiter.MemoryGiB;
            AdmitWaiters();
        }
    }

    private void AdmitWaiters()
    {
        while (_queue.First is { } head && Fits(head.Value))
        {
            _queue.RemoveFirst();
            Take(head.Value);
            head.Value.Admitted.TrySetResult();
        }
    }

    private bool Fits(Waiter waiter) =>
        _usedCpus + waiter.Cpus <= TotalCpus + 1e-9 && _usedMemory + waiter.MemoryGiB <= TotalMemoryGiB + 1e-9;

    private void Take(Waiter waiter)
    {
        _usedCpus += waiter.Cpus;
        _usedMemory += waiter.MemoryGiB;
    }

    private sealed class Waiter(double cpus, double memoryGiB)
    {
        public double Cpus { get; } = cpus;

        public double MemoryGiB { get; } = memoryGiB;

        public TaskCompletionSource Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Lease(ResourceGate gate, Waiter waiter) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release(waiter);
            }
        }
    }
}
