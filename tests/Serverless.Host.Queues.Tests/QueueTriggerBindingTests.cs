using System.Text;
using Azure.Storage.Queues.Models;
using Serverless.Host.Queues.Tests.TestSupport;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Queues.Tests;

public sealed class QueueTriggerBindingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task QueueTrigger_StringWithMetadata_GetsBodyAndEveryMetadataKey()
    {
        var name = AzuriteFixture.UniqueName("str");
        var queue = await TestQueues.CreateAsync(azurite, name);
        var sent = await queue.SendMessageAsync(TestQueues.Base64("héllo"));
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(StringFunctions), recorder, new Dictionary<string, string?> { ["Q"] = name });

        await Poll.UntilAsync(() => recorder.All.Count == 1, "the string function ran");

        var seen = recorder.All[0];
        Assert.Equal("héllo", seen.Value);
        Assert.Equal(sent.Value.MessageId, seen.Id);
        Assert.Equal(1L, seen.DequeueCount);
        Assert.Equal(sent.Value.MessageId, seen.Data["Id"]);
        Assert.Equal(1L, seen.Data["DequeueCount"]);
        Assert.Equal("héllo", seen.Data["QueueTrigger"]);
        Assert.Equal(sent.Value.InsertionTime, seen.Data["InsertionTime"]);
        Assert.Equal(sent.Value.ExpirationTime, seen.Data["ExpirationTime"]);
        Assert.IsType<DateTimeOffset>(seen.Data["NextVisibleTime"]);
        Assert.False(string.IsNullOrEmpty(seen.Data["PopReceipt"] as string));
        Assert.Equal(sent.Value.InsertionTime, (DateTimeOffset)seen.Data["insertionTimeParameter"]!);
        await Poll.UntilAsync(async () => (await TestQueues.PeekRawAsync(queue)).Count == 0 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            "the message is deleted after success");
    }

    [Fact]
    public async Task QueueTrigger_BinaryKinds_GetTheDecodedBytes()
    {
        var names = new[] { AzuriteFixture.UniqueName("bin"), AzuriteFixture.UniqueName("byt"), AzuriteFixture.UniqueName("msg") };
        var payload = new byte[] { 0, 1, 2, 250, 255 };
        foreach (var name in names)
        {
            var queue = await TestQueues.CreateAsync(azurite, name);
            await queue.SendMessageAsync(Convert.ToBase64String(payload));
        }

        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(BinaryFunctions), recorder,
            new Dictionary<string, string?> { ["QBin"] = names[0], ["QBytes"] = names[1], ["QMsg"] = names[2] });

        await Poll.UntilAsync(() => recorder.All.Count == 3, "the three binary functions ran");

        Assert.Equal(payload, Assert.IsType<BinaryData>(recorder.Of("Binary").Single().Value).ToArray());
        Assert.Equal(payload, Assert.IsType<byte[]>(recorder.Of("Bytes").Single().Value));
        var message = Assert.IsType<QueueMessage>(recorder.Of("Message").Single().Value);
        Assert.Equal(payload, message.Body.ToArray());
        Assert.Equal(recorder.Of("Message").Single().Id, message.MessageId);
        Assert.Equal(1, message.DequeueCount);
    }

    [Fact]
    public async Task QueueTrigger_Record_IsDeserializedFromCamelCaseJson()
    {
        var name = AzuriteFixture.UniqueName("poco");
        var queue = await TestQueues.CreateAsync(azurite, name);
        await TestQueues.SendAsync(queue, """{"id":"o-1","quantity":3,"lines":["a","b"]}""");
        var recorder = new Recorder();
        await using var host = await TestQueues.StartHostAsync(azurite, typeof(RecordFunctions), recorder, new Dictionary<string, string?> { ["Q"] = name });

        await Poll.UntilAsync(() => recorder.All.Count == 1, "the record function ran");

        var order = Assert.IsType<Order>(recorder.All[0].Value);
        Assert.Equal("o-1", order.Id);
        Assert.Equal(3, order.Quantity);
        Assert.Equal(["a", "b"], order.Lines);
        Assert.Equal(1, recorder.All[0].Data["retry"]);
    }

    public sealed record Order(string Id, int Quantity, IReadOnlyList<string> Lines);

    public sealed class StringFunctions(Recorder recorder)
    {
        [Function("Str")]
        public void Run([QueueTrigger("%Q%")] string body, string id, long dequeueCount, DateTimeOffset insertionTime, FunctionContext context)
        {
            var data = new Dictionary<string, object?>(context.BindingContext.BindingData) { ["insertionTimeParameter"] = insertionTime };
            recorder.Add(new Seen("Str", body, id, dequeueCount, data, DateTimeOffset.UtcNow));
        }
    }

    public sealed class BinaryFunctions(Recorder recorder)
    {
        [Function("Binary")]
        public void Binary([QueueTrigger("%QBin%")] BinaryData body, string id) => recorder.Add(new Seen("Binary", body, id, 0, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));

        [Function("Bytes")]
        public void Bytes([QueueTrigger("%QBytes%")] byte[] body, string id) => recorder.Add(new Seen("Bytes", body, id, 0, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));

        [Function("Message")]
        public void Message([QueueTrigger("%QMsg%")] QueueMessage message, string id) => recorder.Add(new Seen("Message", message, id, 0, new Dictionary<string, object?>(), DateTimeOffset.UtcNow));
    }

    public sealed class RecordFunctions(Recorder recorder)
    {
        [Function("Record")]
        public async Task Run([QueueTrigger("%Q%")] Order order, int dequeueCount, FunctionContext context)
        {
            await Task.Yield();
            recorder.Add(new Seen("Record", order, context.BindingContext.BindingData["Id"] as string, dequeueCount,
                new Dictionary<string, object?> { ["retry"] = context.RetryContext!.RetryCount + 1 }, DateTimeOffset.UtcNow));
        }
    }
}
