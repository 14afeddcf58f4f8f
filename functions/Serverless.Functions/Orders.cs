using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Serverless.Functions;

/// <summary>An order as it travels through the queues.</summary>
public sealed record Order([property: Required] string Id, [property: Range(1, 1000)] int Quantity, [property: Required] string Item);

/// <summary>A confirmation written after an order was processed.</summary>
public sealed record OrderConfirmation(string OrderId, string Item, int Quantity, DateTimeOffset ProcessedAt);

/// <summary>Two outputs of one invocation: the message to enqueue (none when null) and the HTTP response.</summary>
public sealed record SubmitOrderOutput(
    [property: QueueOutput("orders")] Order? Order,
    [property: HttpResult] IActionResult Result);

/// <summary>
/// Queue in -> queue out: POST /api/orders validates an order and enqueues it on "orders"; ProcessOrder takes it from
/// there and writes a confirmation to "order-confirmations". A message that keeps failing goes to "orders-poison"
/// after host.json's maxDequeueCount.
/// </summary>
public sealed class Orders(TimeProvider time, ILogger<Orders> logger)
{
    [Function("SubmitOrder")]
    public static async Task<SubmitOrderOutput> Submit(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orders")] HttpRequest req)
    {
        Order? order;
        try
        {
            order = await JsonSerializer.DeserializeAsync<Order>(req.Body, JsonSerializerOptions.Web, req.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return new SubmitOrderOutput(null, new BadRequestObjectResult($"The request body is not a valid JSON Order: {ex.Message}"));
        }

        var problems = new List<ValidationResult>();
        if (order is null || !Validator.TryValidateObject(order, new ValidationContext(order), problems, validateAllProperties: true))
        {
            string detail = order is null ? "The request body must be a JSON Order, not null." : string.Join(" ", problems.Select(p => p.ErrorMessage));
            return new SubmitOrderOutput(null, new BadRequestObjectResult(detail));
        }

        return new SubmitOrderOutput(order, new AcceptedResult((string?)null, new { order.Id, status = "queued" }));
    }

    [Function("ProcessOrder")]
    [QueueOutput("order-confirmations")]
    public OrderConfirmation Process([QueueTrigger("orders")] Order order)
    {
        logger.LogInformation("Processing order {OrderId}: {Quantity} x {Item}.", order.Id, order.Quantity, order.Item);
        return new OrderConfirmation(order.Id, order.Item, order.Quantity, time.GetUtcNow());
    }
}
