namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>The failure handler: notify, compensate, rethrow. From its HTTP start route to its output.</summary>
public sealed class FailureHandlerTests(FunctionsApp app)
{
    [Fact]
    public async Task FulfillOrder_WithinTheLimit_Charges()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/fulfill_order", """{"orderId":"small-1","amount":25}""");

        var status = await DurableHttp.WaitForEndAsync(client, started);

        Assert.Equal("Completed", status.Text("runtimeStatus"));
        Assert.Equal("charged:small-1", status.Get("output").GetString());
    }

    [Fact]
    public async Task FulfillOrder_CardDeclined_FailsWithTheReasonAfterCompensating()
    {
        var orderId = $"big-{Guid.NewGuid():N}";
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/fulfill_order", $$"""{"orderId":"{{orderId}}","amount":5000}""");

        await DurableHttp.WaitForEndAsync(client, started);
        var status = await DurableHttp.GetStatusAsync(client, started.StatusWithHistoryUri);

        Assert.Equal("Failed", status.Text("runtimeStatus"));
        Assert.Contains($"Card declined for order {orderId}: 5000 is over the limit of 1000.", status.Get("output").GetString(), StringComparison.Ordinal);
        // The catch block ran after the declined charge: notify, then compensate the reservation.
        Assert.Equal(
            ["TaskCompleted reserve_stock", "TaskFailed charge_payment", "TaskCompleted notify_failure", "TaskCompleted release_stock"],
            status.Get("historyEvents").EnumerateArray().Where(e => e.Text("EventType").StartsWith("Task", StringComparison.Ordinal)).Select(e => $"{e.Text("EventType")} {e.Text("FunctionName")}"));
        Assert.Single(app.Host.Logs.Containing($"Released reservation:{orderId}."));
        Assert.Single(app.Host.Logs.Containing($"step charge_payment failed with System.InvalidOperationException: Card declined for order {orderId}"));
    }
}
