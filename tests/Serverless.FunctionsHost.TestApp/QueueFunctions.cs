using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Serverless.FunctionsHost.TestApp;

public sealed record Order(string Id, int Quantity);

public sealed record OrderReceipt(string Id, int Quantity, long DequeueCount);

public static class QueueFunctions
{
    /// <summary>A POCO from the queue to a POCO on another queue, with trigger metadata.</summary>
    [Function("CopyOrder")]
    [QueueOutput("%OrdersOutQueue%")]
    public static OrderReceipt CopyOrder([QueueTrigger("%OrdersInQueue%")] Order order, long dequeueCount, FunctionContext context)
    {
        context.GetLogger("CopyOrder").LogInformation("Order {Id} delivery {DequeueCount}", order.Id, dequeueCount);
        if (order.Quantity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(order), $"Order {order.Id} has a negative quantity.");
        }

        return new OrderReceipt(order.Id, order.Quantity, dequeueCount);
    }

    /// <summary>A burst target: each message is copied to the done queue (one per element of the returned array).</summary>
    [Function("Burst")]
    [QueueOutput("%BurstDoneQueue%")]
    public static string[] Burst([QueueTrigger("%BurstQueue%")] string message) => [message];
}
