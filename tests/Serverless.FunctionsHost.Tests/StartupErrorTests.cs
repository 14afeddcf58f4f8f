using System.Net;
using System.Net.Sockets;

namespace Serverless.FunctionsHost.Tests;

/// <summary>Bad input at start stops the start with a message naming the key, setting, port or function.</summary>
public sealed class StartupErrorTests(SharedHost shared)
{
    [Fact]
    public async Task HostJsonBadValue_NamesTheKey()
    {
        var settings = TestApp.Settings(shared.Azurite, "badjson");
        settings["AzureFunctionsJobHost__extensions__queues__batchSize"] = "lots";

        var error = await Assert.ThrowsAsync<HostStartupException>(() => TestApp.StartAsync(settings));

        Assert.Contains("'extensions.queues.batchSize' is 'lots'", error.Message, StringComparison.Ordinal);
        Assert.Contains("whole number from 1 to 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SingletonOutOfTheSdksRange_NamesTheKeyAndRange()
    {
        var settings = TestApp.Settings(shared.Azurite, "badlock");
        settings["AzureFunctionsJobHost__singleton__listenerLockRecoveryPollingInterval"] = "00:00:02";

        var error = await Assert.ThrowsAsync<HostStartupException>(() => TestApp.StartAsync(settings));

        Assert.Contains("'singleton.listenerLockRecoveryPollingInterval' is '00:00:02'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingStorageSetting_NamesTheSetting()
    {
        var settings = TestApp.Settings(shared.Azurite, "nostorage");
        settings.Remove("AzureWebJobsStorage");

        var error = await Assert.ThrowsAsync<HostStartupException>(() => TestApp.StartAsync(settings));

        Assert.Contains("'AzureWebJobsStorage' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortInUse_NamesThePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = new FunctionsHostOptions { AppDirectory = TestApp.Directory, HttpPort = port, UseEnvironment = false };
        foreach (var (name, value) in TestApp.Settings(shared.Azurite, "port"))
        {
            options.Settings[name] = value;
        }

        var error = await Assert.ThrowsAsync<HostStartupException>(() => LocalFunctionsHost.StartAsync(options));

        Assert.Contains($"HTTP port {port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingQueueNameSetting_NamesTheFunctionAndSetting()
    {
        var settings = TestApp.Settings(shared.Azurite, "nosetting");
        settings.Remove("OrdersInQueue");

        var error = await Assert.ThrowsAsync<HostStartupException>(() => TestApp.StartAsync(settings));

        Assert.Contains("CopyOrder", error.Message, StringComparison.Ordinal);
        Assert.Contains("OrdersInQueue", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadCron_NamesTheFunctionAndSchedule()
    {
        var settings = TestApp.Settings(shared.Azurite, "badcron");
        settings["TickSchedule"] = "every tuesday";

        var error = await Assert.ThrowsAsync<HostStartupException>(() => TestApp.StartAsync(settings));

        Assert.Contains("Tick", error.Message, StringComparison.Ordinal);
        Assert.Contains("every tuesday", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConnectionSetting_NamesTheConnection()
    {
        var settings = TestApp.Settings(shared.Azurite, "noconn");
        settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionName"] = "OrdersStorage";

        var error = await Assert.ThrowsAsync<HostStartupException>(() => TestApp.StartAsync(settings));

        Assert.Contains("OrdersStorage", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerThatCannotStart_ReportsItsExitCodeAndStderr()
    {
        var settings = TestApp.Settings(shared.Azurite, "noworker");
        settings["TESTAPP_FAIL_AT_START"] = "no configuration for tenant 42";

        var error = await Assert.ThrowsAsync<HostStartupException>(() => TestApp.StartAsync(settings));

        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("TestApp refuses to start: no configuration for tenant 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnimplementedHostJsonKey_StartsAndWarnsNamingIt()
    {
        var settings = TestApp.Settings(shared.Azurite, "warnkey");
        settings["AzureFunctionsJobHost__watchDirectories__0"] = "Shared";

        await using var host = await TestApp.StartAsync(settings);

        Assert.Contains(host.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("'watchDirectories.0' is not implemented", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotAnAppFolder_NamesTheMissingFile()
    {
        var folder = Directory.CreateTempSubdirectory("not-an-app").FullName;
        var options = new FunctionsHostOptions { AppDirectory = folder, HttpPort = 0, UseEnvironment = false };

        var error = await Assert.ThrowsAsync<HostStartupException>(() => LocalFunctionsHost.StartAsync(options));

        Assert.Contains("worker.config.json", error.Message, StringComparison.Ordinal);
    }
}
