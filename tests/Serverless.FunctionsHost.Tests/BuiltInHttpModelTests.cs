using System.Net;
using System.Net.Http.Json;

namespace Serverless.FunctionsHost.Tests;

/// <summary>The built-in HTTP model: the worker without ASP.NET Core integration gets the whole request over RPC.</summary>
public sealed class BuiltInHttpModelTests(SharedHost shared) : IAsyncLifetime
{
    private LocalFunctionsHost? _host;

    public async ValueTask InitializeAsync()
    {
        var settings = TestApp.Settings(shared.Azurite, "builtin");
        settings["TESTAPP_HTTP_MODEL"] = "builtin";
        _host = await TestApp.StartAsync(settings);
    }

    public async ValueTask DisposeAsync() => await _host!.DisposeAsync();

    [Fact]
    public async Task Echo_OverRpc_RouteQueryMethodAndHeaders()
    {
        using var client = _host!.CreateHttpClient();
        using var response = await client.PostAsync(new Uri("api/echo/grace?q=there", UriKind.Relative), new StringContent("ignored"));

        Assert.False(_host.UsesAspNetCoreIntegration);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("grace", response.Headers.GetValues("x-echo").Single());
        Assert.Equal(new Greeting("grace", "POST", "there"), await response.Content.ReadFromJsonAsync<Greeting>());
    }

    [Fact]
    public async Task Sum_BodyOverRpc_WithoutEnableAuthNeedsNoKey()
    {
        using var client = _host!.CreateHttpClient();
        using var response = await client.PostAsync(new Uri("api/sum", UriKind.Relative), JsonContent.Create(new[] { 20, 22 }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("42", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FailingFunction_Answers500()
    {
        using var client = _host!.CreateHttpClient();
        using var response = await client.GetAsync(new Uri("api/throws", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task ManagementApi_StillNeedsItsSystemKey()
    {
        using var client = _host!.CreateHttpClient();
        using var response = await client.GetAsync(new Uri("runtime/webhooks/durabletask/instances", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private sealed record Greeting(string Name, string Method, string? Query);
}
