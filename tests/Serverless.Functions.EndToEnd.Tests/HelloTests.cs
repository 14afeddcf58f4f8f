using System.Net;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>The hello function (anonymous, ASP.NET Core integration) on the worker process the host started.</summary>
public sealed class HelloTests(FunctionsApp app)
{
    [Fact]
    public async Task Hello_GetWithName_GreetsTheName()
    {
        using var client = app.Host.CreateHttpClient();

        using var response = await client.GetAsync(new Uri("api/hello?name=Ada", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello, Ada!", await response.Content.ReadAsStringAsync());
        Assert.True(app.Host.UsesAspNetCoreIntegration);
        Assert.NotEqual(Environment.ProcessId, app.Host.WorkerProcessId);
    }

    [Fact]
    public async Task Hello_PostWithoutName_GreetsTheWorld()
    {
        using var client = app.Host.CreateHttpClient();

        using var response = await client.PostAsync(new Uri("api/hello", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello, world!", await response.Content.ReadAsStringAsync());
    }
}
