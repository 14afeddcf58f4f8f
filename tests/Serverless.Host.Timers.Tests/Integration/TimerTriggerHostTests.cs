using System.Collections.Concurrent;
using Azure.Storage.Blobs.Models;
using Serverless.Host.Indexing;
using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.Host.Timers.Tests.Integration;

public sealed class TimerTriggerHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Host_OneSecondScheduleFromSetting_FiresEverySecondOnTime()
    {
        var hostId = TimerHost.UniqueHostId();
        var calls = new ConcurrentQueue<TimerCall>();
        await using var host = await TimerHost.StartAsync(azurite, typeof(EverySecondFunction), hostId, calls,
            settings: new Dictionary<string, string?> { ["TimerSchedule"] = "* * * * * *" });

        await Poll.UntilAsync(() => calls.Count >= 3, "three invocations", TimeSpan.FromSeconds(15));

        var seen = calls.Take(3).ToArray();
        Assert.All(seen, c => Assert.False(c.IsPastDue));
        Assert.All(seen, c => Assert.Null(c.Status)); // more than once a minute: not monitored, as in Functions
        Assert.All(seen, c => Assert.InRange(c.At.Millisecond, 0, 800)); // after the whole second (loosely: a shared machine stalls)
        Assert.All(seen.Zip(seen.Skip(1)), p => Assert.InRange((p.Second.At - p.First.At).TotalMilliseconds, 200, 1800));

        // The listener lock blob is leased, under the name the Functions host uses.
        var lockBlob = azurite.BlobService.GetBlobContainerClient("azure-webjobs-hosts").GetBlobClient($"locks/{hostId}/Host.Functions.EverySecond.Listener");
        var properties = await lockBlob.GetPropertiesAsync();
        Assert.Equal(LeaseState.Leased, properties.Value.LeaseState);
    }

    [Fact]
    public async Task Host_RunOnStartup_RunsOnceAtStartAndRecordsStatus()
    {
        var hostId = TimerHost.UniqueHostId();
        var calls = new ConcurrentQueue<TimerCall>();
        var started = DateTime.UtcNow;
        await using var host = await TimerHost.StartAsync(azurite, typeof(StartupFunction), hostId, calls);

        await Poll.UntilAsync(() => !calls.IsEmpty, "the startup invocation", TimeSpan.FromSeconds(10));
        var status = await TimerStatusBlob.PollWrittenAsync(azurite, hostId, "OnStartup", s => s.Last != default);

        var call = Assert.Single(calls);
        Assert.False(call.IsPastDue);
        Assert.InRange(call.At - started, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.InRange(status.Last, started, DateTime.UtcNow);
        Assert.Equal(new DateTime(started.Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc), status.Next);
    }

    [Fact]
    public void Build_InvalidCron_FailsNamingFunctionAndSchedule()
    {
        var error = Assert.Throws<FunctionIndexingException>(() => TestFunctionHost.Build(azurite.ConnectionString, [typeof(BadCronFunction)]));

        Assert.Contains("BadCron", error.Message, StringComparison.Ordinal);
        Assert.Contains("'0 */5 * * * * * *'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InvalidScheduleInSetting_FailsNamingSettingValue()
    {
        var error = Assert.Throws<FunctionIndexingException>(() => TestFunctionHost.Build(azurite.ConnectionString, [typeof(EverySecondFunction)],
            new Dictionary<string, string?> { ["TimerSchedule"] = "every minute" }));

        Assert.Contains("EverySecond", error.Message, StringComparison.Ordinal);
        Assert.Contains("'%TimerSchedule%' (= 'every minute')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissingScheduleSetting_FailsNamingTheSetting()
    {
        var error = Assert.Throws<FunctionIndexingException>(() => TestFunctionHost.Build(azurite.ConnectionString, [typeof(EverySecondFunction)]));

        Assert.Contains("TimerSchedule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TriggerOnAString_FailsNamingTheParameter()
    {
        var error = Assert.Throws<FunctionIndexingException>(() => TestFunctionHost.Build(azurite.ConnectionString, [typeof(WrongParameterFunction)]));

        Assert.Contains("WrongParameter", error.Message, StringComparison.Ordinal);
        Assert.Contains("TimerInfo", error.Message, StringComparison.Ordinal);
    }
}
