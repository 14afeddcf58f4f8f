using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Serverless.Functions;

/// <summary>An order as it travels through the queues.</summary>
public sealed record Order([property: Required] string Id, [property: Range(1, 1000)] int Quantity, string Item);

/// <summary>A confirmation written after an order was processed.</summary>
public sealed record OrderConfirmation(string OrderId, string Item, DateTimeOffset ProcessedAt);

/// <summary>
/// The IO-bound pattern: an HTTP function accepts an order and enqueues it (multi-output: queue message + HTTP
/// response), a queue function processes it and writes a confirmation to the next queue.
/// </summary>
public sealed class Orders(TimeProvider time, ILogger<Orders> logger)
{
    [Function("SubmitOrder")]
    public static async Task<SubmitOrderOutput> Submit(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orders")] HttpRequestData request)
    {
        var order = await request.ReadFromJsonAsync<Order>();
        var problems = new List<ValidationResult>();
        if (order is null || !Validator.TryValidateObject(order, new ValidationContext(order), problems, validateAllProperties: true))
        {
            var bad = request.CreateResponse(HttpStatusCode.BadRequest);
            await bad.WriteAsJsonAsync(new { title = "Invalid order", errors = problems.Select(p => p.ErrorMessage) }, HttpStatusCode.BadRequest);
            return new SubmitOrderOutput(null, bad);
        }

        var accepted = request.CreateResponse(HttpStatusCode.Accepted);
        await accepted.WriteAsJsonAsync(new { order.Id, status = "queued" }, HttpStatusCode.Accepted);
        return new SubmitOrderOutput(order, accepted);
    }

    [Function("ProcessOrder")]
    [QueueOutput("order-confirmations")]
    public OrderConfirmation Process([QueueTrigger("orders")] Order order, FunctionContext context)
    {
        logger.LogInformation("Processing order {OrderId} ({Quantity} x {Item}), delivery {DequeueCount}",
            order.Id, order.Quantity, order.Item, context.BindingContext.BindingData["DequeueCount"]);
        return new OrderConfirmation(order.Id, order.Item, time.GetUtcNow());
    }
}

/// <summary>Two outputs of one invocation: the message to enqueue (none when null) and the HTTP response.</summary>
public sealed record SubmitOrderOutput(
    [property: QueueOutput("orders")] Order? Order,
    [property: HttpResult] HttpResponseData Response);
