using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Serverless.Testing;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>An instance as its start function's 202 body (Durable Functions' check-status payload) describes it.</summary>
internal sealed class StartedInstance(JsonElement body)
{
    public JsonElement Body { get; } = body;

    public string Id => Body.Text("Id");

    public Uri StatusQueryGetUri => new(Body.Text("StatusQueryGetUri"));

    /// <summary>The status URL asking for the history too (the current execution's, after a ContinueAsNew).</summary>
    public Uri StatusWithHistoryUri =>
        new($"{StatusQueryGetUri}{(StatusQueryGetUri.Query.Length > 0 ? '&' : '?')}showHistory=true&showHistoryOutput=true");

    public Uri SendEventPostUri(string eventName) => new(Body.Text("SendEventPostUri").Replace("{eventName}", eventName, StringComparison.Ordinal));

    public Uri TerminatePostUri(string reason) => new(Body.Text("TerminatePostUri").Replace("{text}", Uri.EscapeDataString(reason), StringComparison.Ordinal));

    public Uri SuspendPostUri(string reason) => new(Body.Text("SuspendPostUri").Replace("{text}", Uri.EscapeDataString(reason), StringComparison.Ordinal));

    public Uri ResumePostUri(string reason) => new(Body.Text("ResumePostUri").Replace("{text}", Uri.EscapeDataString(reason), StringComparison.Ordinal));

    public Uri PurgeHistoryDeleteUri => new(Body.Text("PurgeHistoryDeleteUri"));
}

/// <summary>Starts orchestrations through their HTTP start functions and follows them through the status URLs, as a user's client would.</summary>
internal static class DurableHttp
{
    private static readonly string[] Terminal = ["Completed", "Failed", "Terminated", "Canceled"];

    /// <summary>POSTs the JSON body to the start route and reads the 202 answer.</summary>
    public static async Task<StartedInstance> StartAsync(HttpClient client, string route, string? json)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(route, UriKind.Relative), content);
        return await ReadStartedAsync(response, $"POST {route}");
    }

    /// <summary>Reads a start function's answer: 202, the check-status payload, and a Location header at its status URL.</summary>
    public static async Task<StartedInstance> ReadStartedAsync(HttpResponseMessage response, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{what} answered {(int)response.StatusCode}: {text}");
        var started = new StartedInstance(JsonSerializer.Deserialize<JsonElement>(text));
        Assert.Equal(started.StatusQueryGetUri, response.Headers.Location);
        return started;
    }

    /// <summary>Polls the status URL until runtimeStatus is terminal; returns the last status body.</summary>
    public static Task<JsonElement> WaitForEndAsync(HttpClient client, StartedInstance instance, TimeSpan? timeout = null) =>
        WaitForStatusAsync(client, instance.StatusQueryGetUri, status => Terminal.Contains(status.Text("runtimeStatus")), $"instance {instance.Id} to end", timeout);

    /// <summary>Polls a status URL (at most ten times a second) until the condition holds on its body.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Uri statusUri, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        JsonElement status = default;
        var next = 0L;
        await Poll.UntilAsync(async () =>
        {
            if (Stopwatch.GetTimestamp() < next)
            {
                return false;
            }

            next = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 10);
            status = await GetStatusAsync(client, statusUri);
            return condition(status);
        }, what, timeout ?? TimeSpan.FromSeconds(40));
        return status;
    }

    /// <summary>GETs a status URL: 202 while the instance runs, 200 once it ended.</summary>
    public static async Task<JsonElement> GetStatusAsync(HttpClient client, Uri statusUri)
    {
        using var response = await client.GetAsync(statusUri);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"GET {statusUri} answered {(int)response.StatusCode}: {text}");
        var status = JsonSerializer.Deserialize<JsonElement>(text);
        var running = status.Text("runtimeStatus") is "Pending" or "Running" or "Suspended" or "ContinuedAsNew";
        Assert.True(running == (response.StatusCode == HttpStatusCode.Accepted), $"GET {statusUri} answered {(int)response.StatusCode} for {text}");
        return status;
    }

    /// <summary>The history events of the status body (showHistory=true) that are of the type and, when given, of the function.</summary>
    public static JsonElement[] HistoryEvents(JsonElement status, string eventType, string? functionName = null) =>
        [.. status.Get("historyEvents").EnumerateArray().Where(e =>
            e.Text("EventType") == eventType && (functionName is null || e.TryGet("FunctionName")?.GetString() == functionName))];
}
