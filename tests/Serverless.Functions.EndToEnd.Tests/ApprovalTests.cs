using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>The approval sample (external event or durable timer) and the management URLs of its 202 body.</summary>
public sealed class ApprovalTests(FunctionsApp app)
{
    [Theory]
    [InlineData(true, "approved")]
    [InlineData(false, "rejected")]
    public async Task Approval_DecisionSentThroughSendEventPostUri_ProcessesTheDecision(bool approved, string outcome)
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/approval", """{"subject":"budget","timeoutSeconds":600}""");
        await DurableHttp.WaitForStatusAsync(client, started.StatusQueryGetUri, s => s.Text("runtimeStatus") == "Running", "the approval to run");

        using var raise = await client.PostAsync(started.SendEventPostUri("ApprovalEvent"), Json(approved ? "true" : "false"));
        var status = await DurableHttp.WaitForEndAsync(client, started);

        Assert.Equal(HttpStatusCode.Accepted, raise.StatusCode);
        Assert.Equal("Completed", status.Text("runtimeStatus"));
        Assert.Equal($"{outcome}:budget", status.Get("output").GetString());
    }

    [Fact]
    public async Task Approval_NoDecisionWithinTheTimeout_Escalates()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/approval", """{"subject":"laptop","timeoutSeconds":1}""");

        await DurableHttp.WaitForEndAsync(client, started);
        var status = await DurableHttp.GetStatusAsync(client, started.StatusWithHistoryUri);

        Assert.Equal("Completed", status.Text("runtimeStatus"));
        Assert.Equal("escalated:laptop", status.Get("output").GetString());
        Assert.Single(DurableHttp.HistoryEvents(status, "TimerFired"));
        Assert.Empty(DurableHttp.HistoryEvents(status, "TaskCompleted", "process_approval"));
    }

    [Fact]
    public async Task ManagementUrls_LongRunningApproval_StatusRaiseSuspendResumeTerminateAndPurge()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/approval", """{"subject":"office","timeoutSeconds":3600}""");
        Assert.All(new[] { started.StatusQueryGetUri, started.PurgeHistoryDeleteUri }, uri => Assert.Equal(app.Host.BaseAddress.Authority, uri.Authority));

        var running = await DurableHttp.WaitForStatusAsync(client, started.StatusQueryGetUri, s => s.Text("runtimeStatus") == "Running", "the approval to run");
        Assert.Equal("approval", running.Text("name"));
        Assert.Equal(started.Id, running.Text("instanceId"));
        Assert.Equal("office", running.Get("input").Text("Subject"));

        using var reminder = await client.PostAsync(started.SendEventPostUri("Reminder"), Json("\"please\""));
        Assert.Equal(HttpStatusCode.Accepted, reminder.StatusCode);
        Assert.Equal("Running", (await DurableHttp.GetStatusAsync(client, started.StatusQueryGetUri)).Text("runtimeStatus"));

        using var suspend = await client.PostAsync(started.SuspendPostUri("on hold"), null);
        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        await DurableHttp.WaitForStatusAsync(client, started.StatusQueryGetUri, s => s.Text("runtimeStatus") == "Suspended", "the approval to be suspended");
        using var resume = await client.PostAsync(started.ResumePostUri("back"), null);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await DurableHttp.WaitForStatusAsync(client, started.StatusQueryGetUri, s => s.Text("runtimeStatus") == "Running", "the approval to run again");

        using var terminate = await client.PostAsync(started.TerminatePostUri("withdrawn by the requester"), null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        var terminated = await DurableHttp.WaitForEndAsync(client, started);
        Assert.Equal("Terminated", terminated.Text("runtimeStatus"));
        Assert.Equal("withdrawn by the requester", terminated.Get("output").GetString());

        using var late = await client.PostAsync(started.SendEventPostUri("ApprovalEvent"), Json("true"));
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);

        using var purge = await client.DeleteAsync(started.PurgeHistoryDeleteUri);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        using var gone = await client.GetAsync(started.StatusQueryGetUri);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ManagementUrls_WithoutTheSystemKey_Answer401()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/approval", """{"subject":"keyless","timeoutSeconds":1}""");
        var keyless = new Uri(Regex.Replace(started.StatusQueryGetUri.ToString(), "(?<=[?&])code=[^&]*&?", ""));

        using var response = await client.GetAsync(keyless);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("escalated:keyless", (await DurableHttp.WaitForEndAsync(client, started)).Get("output").GetString());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
