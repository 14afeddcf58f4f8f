using System.Reflection;
using Microsoft.Extensions.Logging;
using Serverless.FunctionsHost;

namespace Serverless.Benchmarks;

/// <summary>The test app's build output (tests/Serverless.FunctionsHost.TestApp) and hosts started on it.</summary>
internal static class TestApp
{
    public static string Directory { get; } = typeof(TestApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestAppDirectory").Value!;

    /// <summary>Settings for one host: storage, queue names and a task hub of its own, a timer that never fires.</summary>
    public static Dictionary<string, string> Settings(string connectionString, string prefix)
    {
        var unique = $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 10, 30)].ToLowerInvariant();
        return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["OrdersInQueue"] = $"{unique}-in",
            ["OrdersOutQueue"] = $"{unique}-out",
            ["BurstQueue"] = $"{unique}-burst",
            ["BurstDoneQueue"] = $"{unique}-done",
            ["EnqueueQueue"] = $"{unique}-enq",
            ["TicksQueue"] = $"{unique}-ticks",
            ["TickSchedule"] = "0 0 0 1 1 *",
            ["AzureFunctionsWebHost__hostid"] = unique,
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = "h" + unique.Replace("-", "", StringComparison.Ordinal),
        };
    }

    /// <summary>Starts a host on the test app; <paramref name="logs"/> sees every log line besides the host's own buffer.</summary>
    public static async Task<LocalFunctionsHost> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken, ILoggerProvider? logs = null)
    {
        if (!File.Exists(Path.Combine(Directory, "worker.config.json")))
        {
            throw new InvalidOperationException($"The test app is not built in '{Directory}' (build tests/Serverless.Benchmarks, which builds it).");
        }

        var options = new FunctionsHostOptions
        {
            AppDirectory = Directory,
            HttpPort = 0,
            UseEnvironment = false,
            ConfigureLogging = logs is null ? null : logging => logging.AddProvider(logs),
        };
        foreach (var (name, value) in settings)
        {
            options.Settings[name] = value;
        }

        return await LocalFunctionsHost.StartAsync(options, cancellationToken);
    }
}
