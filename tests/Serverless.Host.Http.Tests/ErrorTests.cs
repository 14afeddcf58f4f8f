using System.Net;
using System.Text;
using System.Text.Json;
using Serverless.Host.Indexing;
using Serverless.Host.Testing;
using Serverless.Testing;
using Serverless.Worker;
using Serverless.Worker.Http;

namespace Serverless.Host.Http.Tests;

public sealed class ErrorTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Get_FunctionThrows_500ProblemWithoutExceptionDetails()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var response = await client.GetAsync("/api/Boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Boom", json.RootElement.GetProperty("function").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("invocationId").GetString()));
    }

    [Fact]
    public async Task Post_MalformedJsonReadByFunction_400ProblemDetails()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var response = await client.PostAsync("/api/orders", new StringContent("{\"item\": \"pear\", quantity", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, json.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("not valid JSON", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("CreateOrder", json.RootElement.GetProperty("function").GetString());
    }

    [Fact]
    public async Task Get_JsonExceptionNotFromTheRequestBody_Stays500()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var response = await client.GetAsync("/api/ParseOther");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Get_RouteValueNotConvertibleToParameter_400NamingTheValue()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        using var client = host.Client();

        var ok = await client.GetAsync("/api/items/3");
        var bad = await client.GetAsync("/api/items/three");

        Assert.Equal("count 3", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var json = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Contains("count", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BadRouteOrMethod_FailsNamingTheFunction()
    {
        var error = Assert.Throws<FunctionIndexingException>(() => TestFunctionHost.Build(azurite.ConnectionString, [typeof(BadFunctions)]));

        Assert.Contains("BadRoute", error.Message, StringComparison.Ordinal);
        Assert.Contains("orders/{id", error.Message, StringComparison.Ordinal);
        Assert.Contains("'FETCH'", error.Message, StringComparison.Ordinal);
        Assert.Contains("BadParameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TwoFunctionsOnOneRouteAndMethod_FailsNamingBoth()
    {
        var error = Assert.Throws<FunctionIndexingException>(() => TestFunctionHost.Build(azurite.ConnectionString, [typeof(ClashingFunctions)]));

        Assert.Contains("'Second'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'First'", error.Message, StringComparison.Ordinal);
        Assert.Contains("api/same", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'Third'", error.Message, StringComparison.Ordinal);
    }

    public sealed class ClashingFunctions
    {
        [Function("First")]
        public static string First([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "same")] HttpRequestData request) => "1";

        [Function("Second")]
        public static string Second([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "same")] HttpRequestData request) => "2";

        [Function("Third")]
        public static string Third([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "same")] HttpRequestData request) => "3";
    }

    public sealed class BadFunctions
    {
        [Function("BadRoute")]
        public static string BadRoute([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{id")] HttpRequestData request) => "x";

        [Function("BadMethod")]
        public static string BadMethod([HttpTrigger(AuthorizationLevel.Anonymous, "fetch")] HttpRequestData request) => "x";

        [Function("BadParameter")]
        public static string BadParameter([HttpTrigger(AuthorizationLevel.Anonymous, "get")] int request) => "x";
    }
}
