using Serverless.Jobs.Local;

namespace Serverless.Jobs.Tests.Local;

public sealed class ResourceGateTests
{
    [Fact]
    public async Task AcquireAsync_OverCapacity_WaitsFirstComeFirstServed()
    {
        var gate = new ResourceGate(totalCpus: 2, totalMemoryGiB: 4);
        var first = await gate.AcquireAsync(2, 1, TestContext.Current.CancellationToken);
        var big = gate.AcquireAsync(2, 1, TestContext.Current.CancellationToken);
        var small = gate.AcquireAsync(0.5, 0.5, TestContext.Current.CancellationToken);

        Assert.False(big.IsCompleted);
        Assert.False(small.IsCompleted);
        Assert.Equal(2, gate.Waiting);

        first.Dispose();
        var bigLease = await big;
        Assert.False(small.IsCompleted);
        bigLease.Dispose();
        (await small).Dispose();
        Assert.Equal(0, gate.UsedCpus, 6);
    }

    [Fact]
    public async Task AcquireAsync_RequestBiggerThanMachine_IsClampedAndRunsAlone()
    {
        var gate = new ResourceGate(totalCpus: 2, totalMemoryGiB: 4);

        using var lease = await gate.AcquireAsync(16, 64, TestContext.Current.CancellationToken);

        Assert.Equal(2, gate.UsedCpus, 6);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_LeavesTheQueueAndLetsOthersIn()
    {
        var gate = new ResourceGate(totalCpus: 1, totalMemoryGiB: 4);
        var first = await gate.AcquireAsync(1, 1, TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.AcquireAsync(1, 1, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, gate.Waiting);
        first.Dispose();
        (await gate.AcquireAsync(1, 1, TestContext.Current.CancellationToken)).Dispose();
    }
}
