using System.Net;
using Serverless.Worker;
using Serverless.Worker.Http;

namespace Serverless.Host.Http.Tests;

public sealed record Order(string Item, int Quantity, int Total = 0);

public sealed class MultiResult
{
    [HttpResult]
    public HttpResponseData? Response { get; set; }

    public string? Note { get; set; }
}

public sealed class RoutingFunctions
{
    [Function("Hello")]
    public static HttpResponseData Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        response.WriteString($"hello {request.Query["name"]}");
        return response;
    }

    [Function("GetOrder")]
    public static async Task<HttpResponseData> GetOrder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{id:int}")] HttpRequestData request,
        int id,
        Dictionary<string, string> query)
    {
        var response = request.CreateResponse();
        await response.WriteAsJsonAsync(new { id, filter = query.GetValueOrDefault("filter") });
        return response;
    }

    [Function("CreateOrder")]
    public static async Task<HttpResponseData> CreateOrder([HttpTrigger(AuthorizationLevel.Anonymous, "post", "put", Route = "orders")] HttpRequestData request)
    {
        var order = await request.ReadFromJsonAsync<Order>();
        var response = request.CreateResponse();
        response.Headers.Add("Location", "/api/orders/7");
        await response.WriteAsJsonAsync(order! with { Total = order.Quantity * 2 }, HttpStatusCode.Created);
        return response;
    }

    [Function("Text")]
    public static string Text([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request) => "plain text";

    [Function("Object")]
    public static Order Object([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request) => new("apple", 3);

    [Function("Nothing")]
    public static Task Nothing([HttpTrigger(AuthorizationLevel.Anonymous, "delete")] HttpRequestData request) => Task.CompletedTask;

    [Function("Multi")]
    public static MultiResult Multi([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.Accepted);
        response.WriteString("from the property");
        return new MultiResult { Response = response, Note = "not the body" };
    }

    [Function("Body")]
    public static Order Body([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "body/{*rest}")] Order order, string rest) =>
        order with { Item = order.Item + "/" + rest };

    [Function("Inspect")]
    public static async Task<HttpResponseData> Inspect([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequestData request)
    {
        var body = await request.ReadAsStringAsync();
        var response = request.CreateResponse();
        await response.WriteAsJsonAsync(new
        {
            method = request.Method,
            url = request.Url.ToString(),
            header = request.Headers.TryGetValues("X-Test", out var values) ? values.Single() : null,
            cookie = request.Cookies.FirstOrDefault(c => c.Name == "flavour")?.Value,
            body,
            function = request.FunctionContext.FunctionDefinition.Name,
        });
        return response;
    }

    [Function("Boom")]
    public static string Boom([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request) =>
        throw new InvalidOperationException("database password is hunter2");

    [Function("ParseOther")]
    public static string ParseOther([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request) =>
        System.Text.Json.JsonSerializer.Deserialize<Order>("{not json")!.Item;

    [Function("Item")]
    public static string Item([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{count}")] HttpRequestData request, int count) =>
        $"count {count}";
}
