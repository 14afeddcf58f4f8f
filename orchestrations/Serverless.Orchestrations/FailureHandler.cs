using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Serverless.Orchestrations;

/// <summary>An order to fulfil: reserve the stock, then charge the customer.</summary>
public sealed record FulfillmentRequest([property: Required] string OrderId, [property: Range(0.01, 1_000_000)] decimal Amount);

/// <summary>What notify_failure reports.</summary>
public sealed record FailureNotice(string InstanceId, string Step, string ErrorType, string Message);

/// <summary>
/// A failure handler: when a step fails, the catch block notifies, compensates what already happened (releases the
/// reserved stock) and rethrows, so the instance ends Failed with the step's error as the reason.
/// </summary>
public static class FailureHandler
{
    public const decimal ChargeLimit = 1000m;

    [Function("fulfill_order")]
    public static async Task<string> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var order = context.GetInput<FulfillmentRequest>() ?? throw new InvalidOperationException("fulfill_order needs a FulfillmentRequest input.");
        string reservation = await context.CallActivityAsync<string>("reserve_stock", order.OrderId);
        try
        {
            return await context.CallActivityAsync<string>("charge_payment", order);
        }
        catch (TaskFailedException ex)
        {
            await context.CallActivityAsync("notify_failure", new FailureNotice(context.InstanceId, ex.TaskName, ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage));
            await context.CallActivityAsync("release_stock", reservation);
            throw;
        }
    }

    [Function("reserve_stock")]
    public static string ReserveStock([ActivityTrigger] string orderId) => $"reservation:{orderId}";

    [Function("charge_payment")]
    public static string ChargePayment([ActivityTrigger] FulfillmentRequest order) => order.Amount <= ChargeLimit
        ? $"charged:{order.OrderId}"
        : throw new InvalidOperationException($"Card declined for order {order.OrderId}: {order.Amount} is over the limit of {ChargeLimit}.");

    [Function("notify_failure")]
    public static void NotifyFailure([ActivityTrigger] FailureNotice notice, FunctionContext executionContext) =>
        executionContext.GetLogger("notify_failure").LogError(
            "Orchestration {InstanceId}: step {Step} failed with {ErrorType}: {Message}", notice.InstanceId, notice.Step, notice.ErrorType, notice.Message);

    [Function("release_stock")]
    public static void ReleaseStock([ActivityTrigger] string reservation, FunctionContext executionContext) =>
        executionContext.GetLogger("release_stock").LogWarning("Released {Reservation}.", reservation);

    [Function("fulfill_order_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/fulfill_order")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var (order, badRequest) = await StartInput.ReadAsync<FulfillmentRequest>(req);
        if (badRequest is not null)
        {
            return badRequest;
        }

        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("fulfill_order", order);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
