using System.Net;
using Microsoft.Extensions.Options;
using Serverless.Host.Http.Keys;
using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.Host.Http.Tests;

public sealed class BindingAndSettingsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Post_StringBytesAndAspNetRequestTriggers_BindTheRequest()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(MoreBindingFunctions)]);
        using var client = host.Client();

        var text = await client.PostAsync("/api/StringBody", new StringContent("shout"));
        var bytes = await client.PostAsync("/api/Bytes", new ByteArrayContent([1, 2, 3]));
        var aspNet = await client.GetStringAsync("/api/aspnet/ada");

        Assert.Equal("SHOUT", await text.Content.ReadAsStringAsync());
        Assert.Equal([3, 2, 1], await bytes.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", bytes.Content.Headers.ContentType?.MediaType);
        Assert.Equal("GET /api/aspnet/ada ada", aspNet);
    }

    [Fact]
    public async Task Post_MalformedJsonReadThroughAspNetRequest_400()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(MoreBindingFunctions)]);
        using var client = host.Client();

        var ok = await client.PostAsync("/api/AspNetJson", new StringContent("{\"item\":\"fig\",\"quantity\":1}", System.Text.Encoding.UTF8, "application/json"));
        var bad = await client.PostAsync("/api/AspNetJson", new StringContent("{\"item\":", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Start_BadRoutePrefix_FailsNamingTheHostJsonKey()
    {
        const string hostJson = """{ "version": "2.0", "extensions": { "http": { "routePrefix": "a{b}" } } }""";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => HttpHosts.StartAsync(azurite, [typeof(MoreBindingFunctions)], hostJson: hostJson));

        Assert.Contains("extensions.http.routePrefix", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadHostIdSetting_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)], hostId: "Not_Valid"));

        Assert.Contains("AzureFunctionsWebHost:hostid", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Serverless.Functions", "serverless-functions")]
    [InlineData("My..App__Name", "my-app-name")]
    [InlineData("A.Very.Long.Application.Assembly.Name.Beyond32", "a-very-long-application-assembly")]
    [InlineData("...", "serverless-host")]
    public void FromName_AssemblyName_LowercaseDashedAtMost32(string name, string expected)
    {
        Assert.Equal(expected, Serverless.Host.Hosting.HostIds.FromName(name));
    }

    [Fact]
    public async Task Get_NoStorageButKeysInConfiguration_KeysStillWork()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "",
            ["host:master"] = "only-master",
            ["functions.Secured.default"] = "only-secured",
        };
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)], settings);
        using var client = host.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/Secured?code=only-secured")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/AdminOnly?code=only-master")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/Other?code=only-secured")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/Secured")).StatusCode);
    }
}
