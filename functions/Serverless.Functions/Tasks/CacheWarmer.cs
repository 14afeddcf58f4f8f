using Microsoft.Extensions.Logging;
using Serverless.Tasks;

namespace Serverless.Functions.Tasks;

/// <summary>The state a lifecycle task keeps between ticks on one host.</summary>
public sealed class WarmCache
{
    public DateTimeOffset OpenedAt { get; init; }

    public int Ticks { get; set; }
}

/// <summary>
/// asyncz's lifecycle idiom: setup once when the host starts (open a connection, fill a cache), a tick every 30 seconds
/// with the state setup returned, cleanup when the host shuts down.
/// </summary>
[Task("cache_warmer", Every = "00:00:30")]
public sealed class CacheWarmer(ILogger<CacheWarmer> logger, TimeProvider time) : ILifecycleTask<WarmCache>
{
    public Task<WarmCache> SetupAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Cache warmer: setup");
        return Task.FromResult(new WarmCache { OpenedAt = time.GetUtcNow() });
    }

    public Task TickAsync(WarmCache state, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Ticks++;
        logger.LogInformation("Cache warmer: tick {Ticks} since {OpenedAt:O}", state.Ticks, state.OpenedAt);
        return Task.CompletedTask;
    }

    public Task CleanupAsync(WarmCache state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        logger.LogInformation("Cache warmer: cleanup after {Ticks} ticks", state.Ticks);
        return Task.CompletedTask;
    }
}
