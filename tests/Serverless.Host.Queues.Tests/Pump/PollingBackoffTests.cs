using Serverless.Host.Queues.Pump;

namespace Serverless.Host.Queues.Tests.Pump;

public sealed class PollingBackoffTests
{
    [Fact]
    public void NextDelay_EmptyPolls_DoublesFromTheMinimumUpToTheMaximum()
    {
        var backoff = new PollingBackoff(TimeSpan.FromSeconds(1), () => 0.0);

        var delays = Enumerable.Range(0, 7).Select(_ => backoff.NextDelay().TotalMilliseconds).ToArray();

        Assert.Equal([100, 200, 400, 800, 1000, 1000, 1000], delays);
    }

    [Fact]
    public void Reset_AfterAHit_StartsAgainAtTheMinimum()
    {
        var backoff = new PollingBackoff(TimeSpan.FromSeconds(10), () => 0.0);
        for (var i = 0; i < 5; i++)
        {
            backoff.NextDelay();
        }

        backoff.Reset();

        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.NextDelay());
    }

    [Fact]
    public void NextDelay_Jitter_ShortensByAtMostTenPercentAndNeverExceedsTheMaximum()
    {
        var backoff = new PollingBackoff(TimeSpan.FromMilliseconds(300), () => 1.0);

        Assert.Equal(TimeSpan.FromMilliseconds(90), backoff.NextDelay());
        Assert.Equal(TimeSpan.FromMilliseconds(180), backoff.NextDelay());
        Assert.Equal(TimeSpan.FromMilliseconds(270), backoff.NextDelay());
        Assert.Equal(TimeSpan.FromMilliseconds(270), backoff.NextDelay());
    }

    [Fact]
    public void Maximum_BelowTheMinimum_IsRaisedToTheMinimum()
    {
        Assert.Equal(PollingBackoff.Minimum, new PollingBackoff(TimeSpan.FromMilliseconds(10)).Maximum);
    }
}
