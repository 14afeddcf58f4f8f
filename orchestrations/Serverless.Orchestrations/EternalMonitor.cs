using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Serverless.Orchestrations;

/// <summary>The monitor's state, carried from one execution to the next through ContinueAsNew.</summary>
public sealed record MonitorState(
    [property: Required] string Target,
    [property: Range(0.001, 24 * 3600)] double IntervalSeconds = 60,
    int Checks = 0,
    string? LastStatus = null,
    int? StopAfterChecks = null);

/// <summary>
/// An eternal monitor: checks a target, publishes the result as custom status, sleeps on a durable timer and restarts
/// itself with ContinueAsNew (a fresh, short history each round). StopAfterChecks ends it (for demos and tests).
/// </summary>
public static class EternalMonitor
{
    [Function("monitor")]
    public static async Task<MonitorState> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var state = context.GetInput<MonitorState>() ?? throw new InvalidOperationException("monitor needs a MonitorState input.");
        string status = await context.CallActivityAsync<string>("check_target", state.Target);
        state = state with { Checks = state.Checks + 1, LastStatus = status };
        context.SetCustomStatus(state);
        if (state.StopAfterChecks is int stopAfter && state.Checks >= stopAfter)
        {
            return state;
        }

        await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(state.IntervalSeconds), CancellationToken.None);
        context.ContinueAsNew(state);
        return state;
    }

    [Function("check_target")]
    public static string CheckTarget([ActivityTrigger] string target) => $"healthy:{target}";

    [Function("monitor_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/monitor")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var (state, badRequest) = await StartInput.ReadAsync<MonitorState>(req);
        if (badRequest is not null)
        {
            return badRequest;
        }

        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("monitor", state);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
