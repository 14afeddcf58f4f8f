using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Serverless.FunctionsHost;
using Serverless.Testing;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>The timers, run now through the admin API (as the portal's Test/Run does), and their effects.</summary>
public sealed partial class TimerTests(FunctionsApp app)
{
    [Fact]
    public async Task DailyReport_RunThroughTheAdminApi_AsksForYesterdaysReport()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var executed = await RunNowAsync("DailyReport");

        Assert.True(executed.Message.Contains("(Succeeded", StringComparison.Ordinal), $"{executed.Message} {executed.Exception?.Message}");
        var report = await Queues.FindJsonAsync(app.Queue(FunctionsApp.ReportsQueue), _ => true, "the report request");
        var day = DateOnly.Parse(report.Text("Day"), CultureInfo.InvariantCulture);
        Assert.InRange(day, today.AddDays(-1), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        Assert.False(report.Get("Late").GetBoolean());
    }

    [Fact]
    public async Task Housekeeping_RunThroughTheAdminApi_RunsOnTime()
    {
        var before = app.Host.Logs.Containing("Housekeeping ran; next run at").Count;

        var executed = await RunNowAsync("Housekeeping");

        Assert.True(executed.Message.Contains("(Succeeded", StringComparison.Ordinal), $"{executed.Message} {executed.Exception?.Message}");
        await Poll.UntilAsync(() => app.Host.Logs.Containing("Housekeeping ran; next run at").Count > before, "Housekeeping's log line");
        Assert.Empty(app.Host.Logs.Containing("Housekeeping is running late"));
    }

    [Fact]
    public async Task AdminApi_WithAFunctionKey_Answers401()
    {
        using var response = await PostAdminAsync("DailyReport", await app.Host.GetFunctionKeyAsync("DailyReport"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>
    /// POSTs admin/functions/{name} with the master key (202), then waits for that invocation's "Executed" line in the
    /// host's log; invocations of the function's own schedule ("Timer fired at ...") are not it.
    /// </summary>
    private async Task<HostLogEntry> RunNowAsync(string function)
    {
        var since = DateTimeOffset.UtcNow;
        using var response = await PostAdminAsync(function, await app.Host.GetMasterKeyAsync());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        HostLogEntry? executed = null;
        await Poll.UntilAsync(() =>
        {
            var entries = app.Host.Logs.Entries.Where(e => e.Timestamp >= since && e.Category == $"Function.{function}").ToList();
            var scheduled = entries.Where(e => e.Message.StartsWith($"Executing '{function}' (Reason='Timer fired", StringComparison.Ordinal)).Select(InvocationId).ToHashSet();
            executed = entries.FirstOrDefault(e => e.Message.StartsWith($"Executed '{function}'", StringComparison.Ordinal) && !scheduled.Contains(InvocationId(e)));
            return executed is not null;
        }, $"the admin API's invocation of {function} to end");
        return executed!;
    }

    private async Task<HttpResponseMessage> PostAdminAsync(string function, string key)
    {
        using var client = app.Host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"admin/functions/{function}")
        {
            Content = new StringContent("""{"input": ""}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", key);
        return await client.SendAsync(request);
    }

    private static string InvocationId(HostLogEntry entry) => InvocationIdPattern().Match(entry.Message).Groups[1].Value;

    [GeneratedRegex("Id=([0-9a-f-]{36})")]
    private static partial Regex InvocationIdPattern();
}
