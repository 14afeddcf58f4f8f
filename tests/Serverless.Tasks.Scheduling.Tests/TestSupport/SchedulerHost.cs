using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Tasks.Runtime;
using Serverless.Testing;

namespace Serverless.Tasks.Scheduling.Tests.TestSupport;

/// <summary>
/// One host's scheduling parts on Azurite under a prefix: store, declared schedules, schedule client and ticker, on a
/// (shared) fake clock, enqueueing into a (shared) recording client. Two hosts with the same prefix share storage.
/// </summary>
internal sealed class SchedulerHost
{
    public SchedulerHost(AzuriteFixture azurite, string prefix, TaskCatalog catalog, FakeTimeProvider time, ITaskClient tasks,
        SchedulerSettings? settings = null)
    {
        Time = time;
        Store = new ScheduleStore(TaskStorage.FromConnectionString(azurite.ConnectionString, prefix));
        Declared = new DeclaredSchedules(Store, catalog, time, NullLogger<DeclaredSchedules>.Instance);
        Client = new TaskScheduleClient(Store, catalog, tasks, Declared, time, NullLogger<TaskScheduleClient>.Instance);
        Ticker = new TaskScheduleTicker(Store, Declared, catalog, tasks, settings ?? new SchedulerSettings(), time, Logger);
    }

    public FakeTimeProvider Time { get; }

    public CapturingLogger<TaskScheduleTicker> Logger { get; } = new();

    public ScheduleStore Store { get; }

    public DeclaredSchedules Declared { get; }

    public TaskScheduleClient Client { get; }

    public TaskScheduleTicker Ticker { get; }

    public static string NewPrefix() => AzuriteFixture.UniqueName("sch");

    /// <summary>One tick at the clock's now.</summary>
    public Task<ScheduleTick> TickAsync() => Ticker.FireDueAsync(CancellationToken.None);

    /// <summary>Moves the clock to <paramref name="at"/> (never back) and ticks.</summary>
    public Task<ScheduleTick> TickAtAsync(DateTimeOffset at)
    {
        if (at > Time.GetUtcNow())
        {
            Time.SetUtcNow(at);
        }

        return TickAsync();
    }
}
