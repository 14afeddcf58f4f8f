using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Testing;

namespace Serverless.Host.Http.Tests;

public sealed class RoutingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Get_DefaultRouteUnderApiPrefix_RunsFunctionWithQuery()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var response = await client.GetAsync("/api/Hello?name=world");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello world", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Get_RouteTemplateWithConstraint_BindsRouteValueAndQuery()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var ok = await client.GetAsync("/api/orders/42?filter=open");
        var notAnInt = await client.GetAsync("/api/orders/abc");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var json = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        Assert.Equal(42, json.RootElement.GetProperty("id").GetInt32());
        Assert.Equal("open", json.RootElement.GetProperty("filter").GetString());
        Assert.Equal(HttpStatusCode.NotFound, notAnInt.StatusCode);
    }

    [Fact]
    public async Task Request_UnknownRouteOrWrongMethod_404And405()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var unknown = await client.GetAsync("/api/nope");
        var withoutPrefix = await client.GetAsync("/Hello");
        var wrongMethod = await client.PostAsync("/api/Hello", new StringContent(""));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withoutPrefix.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }

    [Fact]
    public async Task Post_JsonBody_ReadFromJsonAndWriteAsJsonWithStatusAndHeaders()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var post = await client.PostAsJsonAsync("/api/orders", new { item = "pear", quantity = 4 });
        var put = await client.PutAsJsonAsync("/api/orders", new { item = "fig", quantity = 1 });

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal("/api/orders/7", post.Headers.Location?.ToString());
        Assert.Equal("application/json", post.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new Order("pear", 4, 8), await post.Content.ReadFromJsonAsync<Order>());
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    [Fact]
    public async Task Get_FunctionReturnsStringObjectOrNothing_200Text200Json204()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var text = await client.GetAsync("/api/Text");
        var obj = await client.GetAsync("/api/Object");
        var nothing = await client.DeleteAsync("/api/Nothing");

        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("plain text", await text.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, obj.StatusCode);
        Assert.Equal("{\"item\":\"apple\",\"quantity\":3,\"total\":0}", await obj.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, nothing.StatusCode);
    }

    [Fact]
    public async Task Get_MultiOutputType_AnswersWithTheHttpResultProperty()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var response = await client.GetAsync("/api/Multi");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("from the property", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_PocoTriggerAndCatchAllRoute_BindsBodyAndRest()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var ok = await client.PostAsJsonAsync("/api/body/a/b", new { item = "kiwi", quantity = 2 });
        var bad = await client.PostAsync("/api/body/x", new StringContent("{\"item\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(new Order("kiwi/a/b", 2), await ok.Content.ReadFromJsonAsync<Order>());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Order", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_AnyMethodFunction_SeesMethodUrlHeadersCookiesAndBody()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/Inspect?x=1") { Content = new StringContent("payload") };
        request.Headers.Add("X-Test", "yes");
        request.Headers.Add("Cookie", "flavour=vanilla");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("PATCH", json.RootElement.GetProperty("method").GetString());
        Assert.EndsWith("/api/Inspect?x=1", json.RootElement.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("yes", json.RootElement.GetProperty("header").GetString());
        Assert.Equal("vanilla", json.RootElement.GetProperty("cookie").GetString());
        Assert.Equal("payload", json.RootElement.GetProperty("body").GetString());
        Assert.Equal("Inspect", json.RootElement.GetProperty("function").GetString());
    }

    [Fact]
    public async Task Get_CustomRoutePrefixFromHostJson_ServesUnderIt()
    {
        const string hostJson = """{ "version": "2.0", "extensions": { "http": { "routePrefix": "v1/fn" } } }""";
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)], hostJson: hostJson);
        using var client = host.Client();

        var prefixed = await client.GetAsync("/v1/fn/Hello?name=prefix");
        var old = await client.GetAsync("/api/Hello");

        Assert.Equal("hello prefix", await prefixed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task Get_EmptyRoutePrefix_ServesAtTheRoot()
    {
        const string hostJson = """{ "version": "2.0", "extensions": { "http": { "routePrefix": "" } } }""";
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)], hostJson: hostJson);
        using var client = host.Client();

        var response = await client.GetAsync("/orders/5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
