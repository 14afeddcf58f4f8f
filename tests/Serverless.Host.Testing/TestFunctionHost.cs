using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Serverless.Host.Testing;

/// <summary>
/// A real function host for a test: the chosen function types only, storage on the test's Azurite, Kestrel on a free
/// loopback port, no local.settings.json. Dispose stops it (with the drain) and frees it.
/// </summary>
public sealed class TestFunctionHost : IAsyncDisposable
{
    private TestFunctionHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>Where Kestrel listens, for example http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Builds the host (throws what a bad declaration or setting throws at start) without starting it.</summary>
    public static TestFunctionHost Build(
        string storageConnectionString,
        IEnumerable<Type> functionTypes,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        string? hostJson = null)
    {
        var scriptRoot = Directory.CreateTempSubdirectory("serverless-host-").FullName;
        if (hostJson is not null)
        {
            File.WriteAllText(Path.Combine(scriptRoot, "host.json"), hostJson);
        }

        var builder = FunctionsApplication.CreateBuilder(new FunctionsApplicationOptions
        {
            ApplicationAssembly = functionTypes.First().Assembly,
            FunctionTypes = [.. functionTypes],
            UseLocalSettings = false,
            StartAzurite = false,
            ScriptRoot = scriptRoot,
            Args = ["--port", "0"],
        });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["AzureFunctionsJobHost:logging:logLevel:default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        configureServices?.Invoke(builder.Services);
        return new TestFunctionHost(builder.Build());
    }

    /// <summary>Builds and starts the host.</summary>
    public static async Task<TestFunctionHost> StartAsync(
        string storageConnectionString,
        IEnumerable<Type> functionTypes,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        string? hostJson = null)
    {
        var host = Build(storageConnectionString, functionTypes, settings, configureServices, hostJson);
        try
        {
            await host.Host.StartAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>Stops the host; the drain gets <paramref name="grace"/> (5 s by default) before invocations are cancelled.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        using var timeout = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(5));
        await Host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ArgumentNullException or ObjectDisposedException)
        {
            // Already stopped, or never started (a test of a failing start).
        }

        if (Host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }
    }
}
