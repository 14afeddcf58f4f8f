using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations.Tests;

public sealed class FailureHandlerTests
{
    private readonly ConcurrentQueue<FailureNotice> notices = new();
    private readonly ConcurrentQueue<string> released = new();

    [Fact]
    public async Task RunOrchestrator_ChargeDeclined_NotifiesCompensatesAndFailsWithTheReason()
    {
        await using var host = await TestHost.StartAsync(Register);

        var instance = await host.RunAsync("fulfill_order", new FulfillmentRequest("o-1", 5000m));

        instance.AssertStatus(OrchestrationRuntimeStatus.Failed);
        Assert.Contains("Card declined for order o-1", instance.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        var notice = Assert.Single(notices);
        Assert.Equal(("charge_payment", typeof(InvalidOperationException).FullName), (notice.Step, notice.ErrorType));
        Assert.Equal(["reservation:o-1"], released);
    }

    [Fact]
    public async Task RunOrchestrator_ChargeAccepted_CompletesWithoutCompensation()
    {
        await using var host = await TestHost.StartAsync(Register);

        var instance = await host.RunAsync("fulfill_order", new FulfillmentRequest("o-2", 20m));

        instance.AssertStatus(OrchestrationRuntimeStatus.Completed);
        Assert.Equal("charged:o-2", instance.ReadOutputAs<string>());
        Assert.Empty(notices);
        Assert.Empty(released);
    }

    private void Register(DurableTaskRegistry tasks)
    {
        tasks.AddOrchestratorFunc<FulfillmentRequest, string>("fulfill_order", (context, _) => FailureHandler.RunOrchestrator(context));
        tasks.AddActivityFunc<string, string>("reserve_stock", (_, orderId) => FailureHandler.ReserveStock(orderId));
        tasks.AddActivityFunc<FulfillmentRequest, string>("charge_payment", (_, order) => FailureHandler.ChargePayment(order));
        tasks.AddActivityFunc<FailureNotice>("notify_failure", (_, notice) => notices.Enqueue(notice));
        tasks.AddActivityFunc<string>("release_stock", (_, reservation) => released.Enqueue(reservation));
    }
}
