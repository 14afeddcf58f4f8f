using System.Reflection;
using Microsoft.Extensions.Logging;
using Serverless.Testing;

namespace Serverless.FunctionsHost.Tests;

/// <summary>The test app's build output and hosts started on it with queue names of their own.</summary>
internal static class TestApp
{
    public static string Directory { get; } = Metadata("TestAppDirectory");

    public static string HostCliDirectory { get; } = Metadata("HostCliDirectory");

    /// <summary>Settings for one host: storage, unique queue names, a timer that never fires unless told.</summary>
    public static Dictionary<string, string> Settings(AzuriteFixture azurite, string prefix)
    {
        var unique = AzuriteFixture.UniqueName(prefix);
        return new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["OrdersInQueue"] = $"{unique}-in",
            ["OrdersOutQueue"] = $"{unique}-out",
            ["BurstQueue"] = $"{unique}-burst",
            ["BurstDoneQueue"] = $"{unique}-done",
            ["EnqueueQueue"] = $"{unique}-enq",
            ["TicksQueue"] = $"{unique}-ticks",
            ["TickSchedule"] = "0 0 0 1 1 *",
            ["AzureFunctionsWebHost__hostid"] = unique,
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = $"h{unique.Replace("-", "", StringComparison.Ordinal)}"[..Math.Min(40, unique.Length + 1)],
        };
    }

    public static async Task<LocalFunctionsHost> StartAsync(Dictionary<string, string> settings, bool enableAuth = false, string? appDirectory = null, Dictionary<string, string>? environment = null)
    {
        var options = new FunctionsHostOptions
        {
            AppDirectory = appDirectory ?? Directory,
            HttpPort = 0,
            UseEnvironment = false,
            EnableAuth = enableAuth,
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.Debug),
        };
        foreach (var (name, value) in settings)
        {
            options.Settings[name] = value;
        }

        foreach (var (name, value) in environment ?? [])
        {
            options.Settings[name] = value;
        }

        return await LocalFunctionsHost.StartAsync(options);
    }

    private static string Metadata(string key) => typeof(TestApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

/// <summary>
/// The assembly's one Azurite and one host on the test app (ASP.NET Core integration, keys checked), for the tests
/// that do not kill or restart it. Tests that do start hosts of their own on the same Azurite.
/// </summary>
public sealed class SharedHost : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private LocalFunctionsHost? _host;

    public AzuriteFixture Azurite => _azurite;

    public LocalFunctionsHost Host => _host ?? throw new InvalidOperationException("The shared host has not started.");

    public Dictionary<string, string> Settings { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Settings = TestApp.Settings(_azurite, "shared");
        _host = await TestApp.StartAsync(Settings, enableAuth: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}
