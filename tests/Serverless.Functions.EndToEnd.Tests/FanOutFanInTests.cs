using System.Text.Json;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>Fan-out/fan-in: one activity per item, the results summed. From its HTTP start route to its output.</summary>
public sealed class FanOutFanInTests(FunctionsApp app)
{
    [Fact]
    public async Task FanOutFanIn_TenItems_SumsTheirLengths()
    {
        using var client = app.Host.CreateHttpClient();
        string[] items = ["a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g", "hh", "iii", "jjjj"];
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/fan_out_fan_in", JsonSerializer.Serialize(items));

        await DurableHttp.WaitForEndAsync(client, started);
        var status = await DurableHttp.GetStatusAsync(client, started.StatusWithHistoryUri);

        Assert.Equal("Completed", status.Text("runtimeStatus"));
        Assert.Equal(items.Sum(i => i.Length), status.Get("output").GetInt32());
        Assert.Equal(items.Length, DurableHttp.HistoryEvents(status, "TaskCompleted", "measure_item").Length);
    }
}
