using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>The orders sample: SubmitOrder (HTTP, function key) enqueues on "orders", ProcessOrder confirms on "order-confirmations".</summary>
public sealed class OrdersTests(FunctionsApp app)
{
    [Fact]
    public async Task ProcessOrder_OrderOnTheQueue_WritesItsConfirmation()
    {
        var id = $"q-{Guid.NewGuid():N}";
        await app.Queue(FunctionsApp.OrdersQueue).SendMessageAsync(JsonSerializer.Serialize(new { Id = id, Quantity = 3, Item = "widget" }));

        var confirmation = await Queues.FindJsonAsync(app.Queue(FunctionsApp.ConfirmationsQueue), c => c.TryGet("OrderId")?.GetString() == id, $"the confirmation of {id}");

        Assert.Equal("widget", confirmation.Text("Item"));
        Assert.Equal(3, confirmation.Get("Quantity").GetInt32());
        Assert.InRange(confirmation.Get("ProcessedAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task ProcessOrder_UnreadableMessage_IsPoisonedAfterMaxDequeueCountAttempts()
    {
        var body = $"not an order {Guid.NewGuid():N}";
        var failedBefore = FailedProcessOrders();
        await app.Queue(FunctionsApp.OrdersQueue).SendMessageAsync(body);

        var poisoned = await Queues.FindTextAsync(app.Queue($"{FunctionsApp.OrdersQueue}-poison"), text => text == body, "the message on orders-poison");

        Assert.Equal(body, poisoned);
        Assert.Equal(5, FailedProcessOrders() - failedBefore); // host.json: extensions.queues.maxDequeueCount
    }

    [Fact]
    public async Task SubmitOrder_WithTheFunctionKey_QueuesTheOrderAndItIsConfirmed()
    {
        var id = $"h-{Guid.NewGuid():N}";
        using var client = app.Host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/orders") { Content = Order(id, 2) };
        request.Headers.Add("x-functions-key", await app.Host.GetFunctionKeyAsync("SubmitOrder"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, answer.Text("id"));
        Assert.Equal("queued", answer.Text("status"));
        var confirmation = await Queues.FindJsonAsync(app.Queue(FunctionsApp.ConfirmationsQueue), c => c.TryGet("OrderId")?.GetString() == id, $"the confirmation of {id}");
        Assert.Equal(2, confirmation.Get("Quantity").GetInt32());
    }

    [Fact]
    public async Task SubmitOrder_KeyAsCodeQuery_IsAccepted()
    {
        using var client = app.Host.CreateHttpClient();
        var code = Uri.EscapeDataString(await app.Host.GetFunctionKeyAsync("SubmitOrder"));

        using var response = await client.PostAsync(new Uri($"api/orders?code={code}", UriKind.Relative), Order($"c-{Guid.NewGuid():N}", 1));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task SubmitOrder_WithoutOrWithAWrongKey_Answers401()
    {
        using var client = app.Host.CreateHttpClient();

        using var without = await client.PostAsync(new Uri("api/orders", UriKind.Relative), Order("no-key", 1));
        using var wrong = await client.PostAsync(new Uri("api/orders?code=not-a-key", UriKind.Relative), Order("wrong-key", 1));

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Theory]
    [InlineData("""{"id":"o-1","quantity":0,"item":"widget"}""", "The field Quantity must be between 1 and 1000.")]
    [InlineData("""{"id":"o-1","quantity":1}""", "The Item field is required.")]
    [InlineData("{ nope", "The request body is not a valid JSON Order")]
    public async Task SubmitOrder_InvalidOrder_Answers400NamingTheProblem(string body, string problem)
    {
        using var client = app.Host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", await app.Host.GetFunctionKeyAsync("SubmitOrder"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static StringContent Order(string id, int quantity) =>
        new(JsonSerializer.Serialize(new { id, quantity, item = "widget" }), Encoding.UTF8, "application/json");

    private int FailedProcessOrders() => app.Host.Logs.Containing("Executed 'ProcessOrder' (Failed").Count;
}
