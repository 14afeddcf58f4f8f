using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Host.Testing;
using Serverless.Testing;
using Serverless.Host.Hosting;

namespace Serverless.Host.Timers.Tests.Integration;

/// <summary>host.json "singleton" (a top-level section, as in Azure Functions) configures the timer listener lock.</summary>
public sealed class SingletonHostJsonTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Start_SingletonSectionInHostJson_ConfiguresTheListenerLock()
    {
        await using var host = await TestFunctionHost.StartAsync(azurite.ConnectionString, [typeof(EverySecondFunction)],
            new Dictionary<string, string?> { ["TimerSchedule"] = "0 0 0 1 1 *", [HostIds.SettingName] = TimerHost.UniqueHostId() },
            services => services.AddSingleton(new TimerCalls("host", new())).AddSingleton(new SharedCounter()),
            hostJson: """{ "version": "2.0", "singleton": { "listenerLockPeriod": "00:00:30", "listenerLockRecoveryPollingInterval": "00:00:02" } }""");

        var options = host.Services.GetRequiredService<IOptions<TimersOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(30), options.ListenerLockPeriod);
        Assert.Equal(TimeSpan.FromSeconds(2), options.ListenerLockRecoveryPollingInterval);
    }

    [Fact]
    public async Task Start_UnknownSingletonKey_FailsNamingTheKey()
    {
        await using var host = TestFunctionHost.Build(azurite.ConnectionString, [typeof(EverySecondFunction)],
            new Dictionary<string, string?> { ["TimerSchedule"] = "0 0 0 1 1 *", [HostIds.SettingName] = TimerHost.UniqueHostId() },
            services => services.AddSingleton(new TimerCalls("host", new())).AddSingleton(new SharedCounter()),
            hostJson: """{ "version": "2.0", "singleton": { "lockPeriod": "00:00:30" } }""");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.Host.StartAsync());

        Assert.Contains("'singleton.lockPeriod' is not a known setting", error.Message, StringComparison.Ordinal);
    }
}
