using System.Globalization;
using System.Text.RegularExpressions;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>Retries with a custom handler: timeouts retried after a durable timer, other failures not. From its HTTP start route to its output.</summary>
public sealed partial class RetriesTests(FunctionsApp app)
{
    [Fact]
    public async Task PartnerSync_PartnerDownAtFirst_SucceedsAfterRetriedTimeouts()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/partner_sync", """{"partner":"acme","unavailableSeconds":5,"maxAttempts":20,"retryDelaySeconds":2}""");

        await DurableHttp.WaitForEndAsync(client, started);
        var status = await DurableHttp.GetStatusAsync(client, started.StatusWithHistoryUri);

        Assert.Equal("Completed", status.Text("runtimeStatus"));
        Assert.Equal("synced:acme", status.Get("output").GetString());

        // N attempts: N - 1 timeouts, each followed by the handler's durable timer, then the one that answered, after the
        // partner was back. (5 s down: the first attempt comes well before that even on a loaded machine.)
        var failures = DurableHttp.HistoryEvents(status, "TaskFailed", "call_partner");
        Assert.InRange(failures.Length, 1, 19);
        Assert.All(failures, failure => Assert.Equal("System.TimeoutException", failure.Get("FailureDetails").Text("ErrorType")));
        Assert.Equal(failures.Length, DurableHttp.HistoryEvents(status, "TimerFired").Length);
        var success = Assert.Single(DurableHttp.HistoryEvents(status, "TaskCompleted", "call_partner"));

        // Each retry waited for its timer. Azure Storage queues take a visibility delay in whole seconds and DTFx
        // truncates the rest, so a 2 s timer may fire up to a second early, never at once.
        var scheduled = DurableHttp.HistoryEvents(status, "TaskFailed", "call_partner").Append(success)
            .Select(e => e.Get("ScheduledTime").GetDateTimeOffset()).ToArray();
        for (var i = 1; i < scheduled.Length; i++)
        {
            var waited = scheduled[i] - failures[i - 1].Get("Timestamp").GetDateTimeOffset();
            Assert.True(waited >= TimeSpan.FromSeconds(0.9), $"Attempt {i + 1} was scheduled {waited.TotalSeconds:0.000} s after attempt {i} failed.");
        }

        var downUntil = DateTimeOffset.Parse(DownUntil().Match(failures[^1].Get("FailureDetails").Text("ErrorMessage")).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(success.Get("Timestamp").GetDateTimeOffset() >= downUntil, $"The successful attempt ended before the partner was back at {downUntil:O}.");
    }

    [Fact]
    public async Task PartnerSync_UnknownPartner_FailsWithoutRetrying()
    {
        using var client = app.Host.CreateHttpClient();
        var started = await DurableHttp.StartAsync(client, "api/orchestrations/partner_sync", """{"partner":"unknown","maxAttempts":5,"retryDelaySeconds":0.1}""");

        await DurableHttp.WaitForEndAsync(client, started);
        var status = await DurableHttp.GetStatusAsync(client, started.StatusWithHistoryUri);

        Assert.Equal("Failed", status.Text("runtimeStatus"));
        Assert.Contains("There is no partner named 'unknown'.", status.Get("output").GetString(), StringComparison.Ordinal);
        Assert.Single(DurableHttp.HistoryEvents(status, "TaskFailed", "call_partner"));
    }

    [GeneratedRegex(@"down until (\S+)\)")]
    private static partial Regex DownUntil();
}
