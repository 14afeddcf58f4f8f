using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;

namespace Serverless.FunctionsHost.TestApp;

public sealed record ChainInput(int Steps, int DelayMs = 0);

public static class DurableFunctions
{
    /// <summary>Adds 0..Steps-1 one activity at a time: a chain whose output shows every step ran once.</summary>
    [Function("Chain")]
    public static async Task<int> Chain([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<ChainInput>()!;
        var total = 0;
        for (var i = 0; i < input.Steps; i++)
        {
            total = await context.CallActivityAsync<int>(nameof(Add), new AddInput(total, i, input.DelayMs));
        }

        return total;
    }

    [Function("Add")]
    public static async Task<int> Add([ActivityTrigger] AddInput input)
    {
        if (input.DelayMs > 0)
        {
            await Task.Delay(input.DelayMs);
        }

        return input.Total + input.Value;
    }

    /// <summary>Calls an activity that always fails; the instance fails with the activity's error.</summary>
    [Function("FailingChain")]
    public static Task<string> FailingChain([OrchestrationTrigger] TaskOrchestrationContext context) =>
        context.CallActivityAsync<string>(nameof(Fail), "boom");

    [Function("Fail")]
    public static string Fail([ActivityTrigger] string reason) => throw new InvalidOperationException($"Fail says {reason}.");

    /// <summary>Fans out N activities and sums them.</summary>
    [Function("FanOut")]
    public static async Task<int> FanOut([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var n = context.GetInput<int>();
        var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => context.CallActivityAsync<int>(nameof(Add), new AddInput(0, i, 0))));
        return results.Sum();
    }

    /// <summary>Signals the counter entity and reads it back.</summary>
    [Function("CountTo")]
    public static async Task<int> CountTo([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var n = context.GetInput<int>();
        var id = new EntityInstanceId(nameof(Counter), context.InstanceId);
        for (var i = 0; i < n; i++)
        {
            await context.Entities.CallEntityAsync(id, "add", 1);
        }

        return await context.Entities.CallEntityAsync<int>(id, "get");
    }

    [Function(nameof(Counter))]
    public static Task Counter([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<Counter>();

    /// <summary>POST api/start/{name} with the orchestration's JSON input: 202 with the status URLs.</summary>
    [Function("Start")]
    public static async Task<HttpResponseData> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "start/{name}")] HttpRequestData req,
        string name,
        [DurableClient] DurableTaskClient client)
    {
        var body = await req.ReadAsStringAsync();
        object? input;
        try
        {
            input = string.IsNullOrWhiteSpace(body) ? null : System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (System.Text.Json.JsonException ex)
        {
            var bad = req.CreateResponse(HttpStatusCode.BadRequest);
            await bad.WriteStringAsync($"The body is not JSON: {ex.Message}");
            return bad;
        }

        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(name, input);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}

public sealed record AddInput(int Total, int Value, int DelayMs);

public sealed class Counter : TaskEntity<int>
{
    public void Add(int amount) => State += amount;

    public int Get() => State;
}
