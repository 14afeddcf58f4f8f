using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Testing;
using Serverless.Testing;
using Serverless.Host.Hosting;

namespace Serverless.Host.Timers.Tests.Integration;

/// <summary>Starts real hosts for timer tests: a host id per test, calls reported to a shared list.</summary>
internal static class TimerHost
{
    public static Task<TestFunctionHost> StartAsync(
        AzuriteFixture azurite,
        Type functions,
        string hostId,
        ConcurrentQueue<TimerCall> calls,
        string hostName = "host",
        IDictionary<string, string?>? settings = null,
        SharedCounter? counter = null,
        TimeSpan? recoveryInterval = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { [HostIds.SettingName] = hostId };
        return TestFunctionHost.StartAsync(azurite.ConnectionString, [functions], values, services =>
        {
            services.AddSingleton(new TimerCalls(hostName, calls));
            services.AddSingleton(counter ?? new SharedCounter());
            services.Configure<TimersOptions>(o => o.ListenerLockRecoveryPollingInterval = recoveryInterval ?? TimeSpan.FromMilliseconds(500));
        });
    }

    /// <summary>A host id unique to the test (at most 32 characters).</summary>
    public static string UniqueHostId() => AzuriteFixture.UniqueName("timers-");
}
