using Serverless.Host.Queues.Tests.TestSupport;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Queues.Tests;

public sealed class QueueOutputTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task QueueOutput_ReturnValueAndArray_SendsOneMessagePerValueAndElement()
    {
        var (input1, input2, output1, output2) = (AzuriteFixture.UniqueName("in"), AzuriteFixture.UniqueName("in"), AzuriteFixture.UniqueName("out"), AzuriteFixture.UniqueName("out"));
        await TestQueues.SendAsync(await TestQueues.CreateAsync(azurite, input1), "hello");
        await TestQueues.SendAsync(await TestQueues.CreateAsync(azurite, input2), "a,b,c");
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(ReturnFunctions), recorder, new Dictionary<string, string?>
        {
            ["In1"] = input1, ["In2"] = input2, ["Out1"] = output1, ["Out2"] = output2,
        });

        // The output queues do not exist before: the binding creates them.
        var out1 = azurite.QueueService.GetQueueClient(output1);
        var out2 = azurite.QueueService.GetQueueClient(output2);
        await Poll.UntilAsync(async () => (await TestQueues.PeekAsync(out1)).Count == 1 && (await TestQueues.PeekAsync(out2)).Count == 3, "the outputs arrived");

        Assert.Equal(["HELLO"], await TestQueues.PeekAsync(out1));
        Assert.Equal(["a", "b", "c"], (await TestQueues.PeekAsync(out2)).Order());
        await Poll.UntilAsync(async () => (await azurite.QueueService.GetQueueClient(input2).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the trigger message is deleted");
    }

    [Fact]
    public async Task QueueOutput_MultiOutputProperties_SendEachPropertyToItsQueueAsJson()
    {
        var (input, output1, output2) = (AzuriteFixture.UniqueName("in"), AzuriteFixture.UniqueName("out"), AzuriteFixture.UniqueName("out"));
        await TestQueues.SendAsync(await TestQueues.CreateAsync(azurite, input), "o-7");
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(MultiFunctions), recorder, new Dictionary<string, string?>
        {
            ["In"] = input, ["Out1"] = output1, ["Out2"] = output2,
        });

        var out1 = azurite.QueueService.GetQueueClient(output1);
        var out2 = azurite.QueueService.GetQueueClient(output2);
        await Poll.UntilAsync(async () => (await TestQueues.PeekAsync(out1)).Count == 1 && (await TestQueues.PeekAsync(out2)).Count == 2, "the outputs arrived");

        Assert.Equal(["""{"id":"o-7","quantity":1}"""], await TestQueues.PeekAsync(out1));
        Assert.Equal(["""{"id":"o-7-a","quantity":2}""", """{"id":"o-7-b","quantity":3}"""], (await TestQueues.PeekAsync(out2)).Order());
    }

    [Fact]
    public async Task QueueOutput_FunctionFails_SendsNothing()
    {
        var (input, output) = (AzuriteFixture.UniqueName("in"), AzuriteFixture.UniqueName("out"));
        await TestQueues.SendAsync(await TestQueues.CreateAsync(azurite, input), "x");
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(FailingOutputFunctions), recorder,
            new Dictionary<string, string?> { ["In"] = input, ["Out"] = output }, TestQueues.HostJson("\"maxDequeueCount\": 2"));

        var poison = azurite.QueueService.GetQueueClient(input + "-poison");
        await Poll.UntilAsync(async () => (await TestQueues.PeekAsync(poison)).Count == 1, "the message reached the poison queue");

        Assert.Equal(2, recorder.All.Count);
        Assert.Empty(await TestQueues.PeekAsync(azurite.QueueService.GetQueueClient(output)));
    }

    [Fact]
    public async Task QueueTriggerAndOutput_NamedConnection_UseThatSetting()
    {
        var (input, output) = (AzuriteFixture.UniqueName("conn"), AzuriteFixture.UniqueName("conn"));
        await TestQueues.SendAsync(await TestQueues.CreateAsync(azurite, input), "via named connection");
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(ConnectionFunctions), recorder, new Dictionary<string, string?>
        {
            ["In"] = input, ["Out"] = output, ["OtherStorage"] = azurite.ConnectionString,
        });

        var outQueue = azurite.QueueService.GetQueueClient(output);
        await Poll.UntilAsync(async () => (await TestQueues.PeekAsync(outQueue)).Count == 1, "the output arrived");

        Assert.Equal(["via named connection"], await TestQueues.PeekAsync(outQueue));
    }

    public sealed record Item(string Id, int Quantity);

    public static class ConnectionFunctions
    {
        [Function("Connection")]
        [QueueOutput("%Out%", Connection = "OtherStorage")]
        public static string Run([QueueTrigger("%In%", Connection = "OtherStorage")] string body) => body;
    }

    public sealed class Multi
    {
        [QueueOutput("%Out1%")]
        public Item? First { get; set; }

        [QueueOutput("%Out2%")]
        public IEnumerable<Item>? Rest { get; set; }

        public string? NotAnOutput { get; set; }
    }

    public static class ReturnFunctions
    {
        [Function("Upper")]
        [QueueOutput("%Out1%")]
        public static string Upper([QueueTrigger("%In1%")] string body) => body.ToUpperInvariant();

        [Function("Split")]
        [return: QueueOutput("%Out2%")]
        public static async Task<string[]> Split([QueueTrigger("%In2%")] string body)
        {
            await Task.Yield();
            return body.Split(',');
        }
    }

    public static class MultiFunctions
    {
        [Function("Multi")]
        public static Multi Run([QueueTrigger("%In%")] string id) => new()
        {
            First = new Item(id, 1),
            Rest = [new Item(id + "-a", 2), new Item(id + "-b", 3)],
            NotAnOutput = "ignored",
        };
    }

    public sealed class FailingOutputFunctions(Recorder recorder)
    {
        [Function("FailingOutput")]
        [QueueOutput("%Out%")]
        public string Run([QueueTrigger("%In%")] string body, long dequeueCount)
        {
            recorder.Add(new Seen("FailingOutput", body, null, dequeueCount, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
            throw new InvalidOperationException("fails before its output");
        }
    }
}
