using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Host.Indexing;
using Serverless.Host.Queues.Tests.TestSupport;
using Serverless.Host.Testing;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Queues.Tests;

public sealed class QueueOptionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task QueuesOptions_NoHostJson_HasTheAzureFunctionsDefaults()
    {
        await using var host = TestFunctionHost.Build(azurite.ConnectionString, [typeof(PlainFunctions)], new Dictionary<string, string?> { ["Q"] = "defaults" });

        var options = host.Services.GetRequiredService<IOptions<QueuesOptions>>().Value;

        Assert.Equal(16, options.BatchSize);
        Assert.Equal(16 / 2 * Environment.ProcessorCount, options.EffectiveNewBatchThreshold);
        Assert.Equal(TimeSpan.FromMinutes(1), options.MaxPollingInterval);
        Assert.Equal(TimeSpan.Zero, options.VisibilityTimeout);
        Assert.Equal(5, options.MaxDequeueCount);
        Assert.Equal("base64", options.MessageEncoding);
    }

    [Theory]
    [InlineData("\"batchSize\": 33", "extensions.queues.batchSize")]
    [InlineData("\"batchSize\": 0", "extensions.queues.batchSize")]
    [InlineData("\"maxPollingInterval\": \"00:00:00.050\"", "extensions.queues.maxPollingInterval")]
    [InlineData("\"maxDequeueCount\": 0", "extensions.queues.maxDequeueCount")]
    [InlineData("\"visibilityTimeout\": \"-00:00:01\"", "extensions.queues.visibilityTimeout")]
    [InlineData("\"messageEncoding\": \"xml\"", "extensions.queues.messageEncoding")]
    [InlineData("\"maxPollingIntervall\": \"00:00:01\"", "extensions.queues.maxPollingIntervall")]
    public async Task StartAsync_BadQueuesSetting_FailsNamingTheKey(string setting, string key)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestFunctionHost.StartAsync(azurite.ConnectionString, [typeof(PlainFunctions)],
            new Dictionary<string, string?> { ["Q"] = AzuriteFixture.UniqueName("bad") }, hostJson: $$"""{ "version": "2.0", "extensions": { "queues": { {{setting}} } } }"""));

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Upper", "invalid")]
    [InlineData("a--b", "invalid")]
    [InlineData("ab", "3 to 63")]
    [InlineData("-abc", "invalid")]
    [InlineData("abc-", "invalid")]
    [InlineData("q2345678901234567890123456789012345678901234567890123456789", "poison")]
    public void Build_InvalidQueueName_FailsNamingTheFunctionAndTheName(string queueName, string problem)
    {
        var error = Assert.Throws<FunctionIndexingException>(() =>
            TestFunctionHost.Build(azurite.ConnectionString, [typeof(PlainFunctions)], new Dictionary<string, string?> { ["Q"] = queueName }));

        var line = Assert.Single(error.Problems);
        Assert.Contains(nameof(PlainFunctions) + ".Run", line, StringComparison.Ordinal);
        Assert.Contains($"'{queueName}'", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_QueueSettingMissing_FailsNamingTheSetting()
    {
        var error = Assert.Throws<FunctionIndexingException>(() => TestFunctionHost.Build(azurite.ConnectionString, [typeof(PlainFunctions)]));

        Assert.Contains("setting 'Q'", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_InvalidOutputQueueAndMissingConnection_FailsNamingBoth()
    {
        var error = Assert.Throws<FunctionIndexingException>(() => TestFunctionHost.Build(azurite.ConnectionString, [typeof(BadFunctions)]));

        Assert.Contains(error.Problems, p => p.Contains("[QueueOutput] on $return", StringComparison.Ordinal) && p.Contains("'Not_Valid'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains(nameof(BadFunctions.OtherAccount), StringComparison.Ordinal) && p.Contains("'MissingStorage'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueueTrigger_MessageEncodingNone_ReadsAndWritesPlainText()
    {
        var (input, output) = (AzuriteFixture.UniqueName("plain"), AzuriteFixture.UniqueName("plain"));
        await (await TestQueues.CreateAsync(azurite, input)).SendMessageAsync("not base64 {}");
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(EchoFunctions), recorder,
            new Dictionary<string, string?> { ["In"] = input, ["Out"] = output }, TestQueues.HostJson("\"messageEncoding\": \"none\""));

        var outQueue = azurite.QueueService.GetQueueClient(output);
        await Poll.UntilAsync(async () => (await TestQueues.PeekRawAsync(outQueue)).Count == 1, "the echo arrived");

        Assert.Equal(["echo: not base64 {}"], await TestQueues.PeekRawAsync(outQueue));
    }

    [Fact]
    public async Task QueueTrigger_BatchSizeTwo_RunsAtMostTwoAtOnce()
    {
        var name = AzuriteFixture.UniqueName("batch");
        var queue = await TestQueues.CreateAsync(azurite, name);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => TestQueues.SendAsync(queue, $"m{i}")));
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(SlowFunctions), recorder,
            new Dictionary<string, string?> { ["Q"] = name }, TestQueues.HostJson("\"batchSize\": 2, \"newBatchThreshold\": 1"));

        await Poll.UntilAsync(() => recorder.All.Count == 8, "all eight ran");

        Assert.Equal(2, recorder.MaxRunning);
    }

    [Fact]
    public async Task QueueTrigger_VisibilityTimeout_DelaysTheRetry()
    {
        var name = AzuriteFixture.UniqueName("vis");
        var queue = await TestQueues.CreateAsync(azurite, name);
        await TestQueues.SendAsync(queue, "retry later");
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(FailOnceFunctions), recorder,
            new Dictionary<string, string?> { ["Q"] = name }, TestQueues.HostJson("\"visibilityTimeout\": \"00:00:02\""));

        await Poll.UntilAsync(() => recorder.All.Count == 2, "the retry ran");

        var gap = recorder.All[1].At - recorder.All[0].At;
        Assert.True(gap >= TimeSpan.FromSeconds(1.8), $"the retry came after {gap}, before visibilityTimeout 2 s");
    }

    public static class PlainFunctions
    {
        [Function("Plain")]
        public static void Run([QueueTrigger("%Q%")] string body)
        {
        }
    }

    public static class BadFunctions
    {
        [Function("BadOutput")]
        [QueueOutput("Not_Valid")]
        public static string BadOutput([QueueTrigger("valid-queue")] string body) => body;

        [Function("OtherAccount")]
        public static void OtherAccount([QueueTrigger("valid-queue", Connection = "MissingStorage")] string body)
        {
        }
    }

    public static class EchoFunctions
    {
        [Function("Echo")]
        [QueueOutput("%Out%")]
        public static string Run([QueueTrigger("%In%")] string body) => "echo: " + body;
    }

    public sealed class SlowFunctions(Recorder recorder)
    {
        [Function("Slow")]
        public async Task Run([QueueTrigger("%Q%")] string body)
        {
            using (recorder.Running())
            {
                await Task.Delay(150); // simulated work, so invocations overlap
            }

            recorder.Add(new Seen("Slow", body, null, 0, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
        }
    }

    public sealed class FailOnceFunctions(Recorder recorder)
    {
        [Function("FailOnce")]
        public void Run([QueueTrigger("%Q%")] string body, long dequeueCount)
        {
            recorder.Add(new Seen("FailOnce", body, null, dequeueCount, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
            if (dequeueCount == 1)
            {
                throw new InvalidOperationException("first delivery fails");
            }
        }
    }
}
