using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.Host.Http.Tests;

/// <summary>Starts test hosts with their own host id (so their keys are their own on the shared Azurite).</summary>
internal static class HttpHosts
{
    public const string HostIdSetting = "AzureFunctionsWebHost:hostid";

    public static Task<TestFunctionHost> StartAsync(
        AzuriteFixture azurite,
        Type[] functionTypes,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        string? hostJson = null,
        string? hostId = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        values.TryAdd(HostIdSetting, hostId ?? AzuriteFixture.UniqueName("h"));
        return TestFunctionHost.StartAsync(azurite.ConnectionString, functionTypes, values, configureServices, hostJson);
    }

    public static HttpClient Client(this TestFunctionHost host) => new() { BaseAddress = host.BaseAddress };
}
