using System.Net;
using System.Net.Http.Json;

namespace Serverless.FunctionsHost.Tests;

public sealed class HttpTests(SharedHost shared)
{
    private LocalFunctionsHost Host => shared.Host;

    [Fact]
    public async Task Echo_RouteValueAndQuery_AnswersThroughTheWorker()
    {
        using var client = Host.CreateHttpClient();
        using var response = await client.GetAsync(new Uri("api/echo/ada?q=hello", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ada", response.Headers.GetValues("x-echo").Single());
        var body = await response.Content.ReadFromJsonAsync<Greeting>();
        Assert.Equal(new Greeting("ada", "GET", "hello"), body);
        Assert.True(Host.UsesAspNetCoreIntegration);
    }

    private sealed record Greeting(string Name, string Method, string? Query);
}
