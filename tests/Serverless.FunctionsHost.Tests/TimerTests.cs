using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Serverless.Testing;

namespace Serverless.FunctionsHost.Tests;

/// <summary>
/// Timers on the real WebJobs timer extension: status blobs where the Functions host keeps them, missed runs seen as
/// past due after a restart (UseMonitor), and one firing host of two (the listener's blob-lease singleton).
/// </summary>
public sealed class TimerTests(SharedHost shared)
{
    [Fact]
    public async Task EverySecond_Ticks()
    {
        var settings = TickingSettings("tick", "*/1 * * * * *");
        await using var host = await TestApp.StartAsync(settings);

        var ticks = await TicksAsync(settings, 2);

        Assert.All(ticks, t => Assert.StartsWith("ontime ", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MinuteSchedule_KeepsItsStatusBlobWhereFunctionsDoes()
    {
        // The timer extension monitors schedules of a minute or more only.
        var settings = TickingSettings("status", "0 * * * * *");
        await using var host = await TestApp.StartAsync(settings);

        var status = await Poll.ForValueAsync(async () => await StatusAsync(settings) is { } s ? (object)s : null, "the status blob");

        Assert.True(((JsonElement)status).GetProperty("Next").GetDateTime().ToUniversalTime() > DateTime.UtcNow);
    }

    [Fact]
    public async Task MissedWhileStopped_RunsOncePastDueAtStart()
    {
        // The status blob a host leaves when it stops: it last ran three minutes ago, its next run was due a minute
        // later (the timer extension checks that Next follows Last on the schedule, as the extension wrote it).
        var settings = TickingSettings("pastdue", "0 * * * * *");
        var now = DateTime.Now;
        var last = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Local).AddMinutes(-3);
        var blob = StatusBlob(settings);
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync();
        await blob.UploadAsync(BinaryData.FromObjectAsJson(new { Last = last, Next = last.AddMinutes(1), LastUpdated = last }));

        await using var host = await TestApp.StartAsync(settings);

        var ticks = await TicksAsync(settings, 1, pastDueOnly: true);
        Assert.StartsWith("pastdue ", ticks[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminFunctionsApi_RunsATimerFunctionNow()
    {
        using var client = shared.Host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/functions/Tick") { Content = new StringContent("{\"input\": \"\"}") };
        request.Headers.Add("x-functions-key", await shared.Host.GetMasterKeyAsync());
        using var response = await client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var ticks = await TicksAsync(shared.Settings, 1);
        Assert.StartsWith("ontime ", ticks[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoHostsOneSchedule_OneFiringHost()
    {
        var settings = TickingSettings("single", "*/1 * * * * *");
        await using var first = await TestApp.StartAsync(settings);
        await using var second = await TestApp.StartAsync(settings);

        var ticks = await TicksAsync(settings, 5);

        var firingWorkers = ticks.Select(t => t.Split(' ')[1]).Distinct().ToList();
        Assert.Single(firingWorkers);
        Assert.Contains(int.Parse(firingWorkers[0], System.Globalization.CultureInfo.InvariantCulture), new[] { first.WorkerProcessId, second.WorkerProcessId });
    }

    private Dictionary<string, string> TickingSettings(string prefix, string schedule)
    {
        var settings = TestApp.Settings(shared.Azurite, prefix);
        settings["TickSchedule"] = schedule;
        // The shortest listener lock the WebJobs SDK allows: a stopped host's lock lapses sooner.
        settings["AzureFunctionsJobHost__singleton__listenerLockPeriod"] = "00:00:15";
        return settings;
    }

    private async Task<List<string>> TicksAsync(Dictionary<string, string> settings, int count, bool pastDueOnly = false)
    {
        var queue = new QueueClient(shared.Azurite.ConnectionString, settings["TicksQueue"], new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var ticks = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            if (await queue.ExistsAsync())
            {
                foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
                {
                    var text = message.Body.ToString();
                    if (!pastDueOnly || text.StartsWith("pastdue", StringComparison.Ordinal))
                    {
                        ticks.Add(text);
                    }

                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }

            return ticks.Count >= count;
        }, $"{count} ticks", TimeSpan.FromSeconds(45));
        return ticks;
    }

    private async Task<JsonElement?> StatusAsync(Dictionary<string, string> settings)
    {
        var blob = StatusBlob(settings);
        return await blob.ExistsAsync() ? JsonSerializer.Deserialize<JsonElement>((await blob.DownloadContentAsync()).Value.Content.ToString()) : null;
    }

    private BlobClient StatusBlob(Dictionary<string, string> settings) =>
        new BlobServiceClient(shared.Azurite.ConnectionString).GetBlobContainerClient("azure-webjobs-hosts")
            .GetBlobClient($"timers/{settings["AzureFunctionsWebHost__hostid"]}/Host.Functions.Tick/status");
}
