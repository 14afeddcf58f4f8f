using System.Text.Json;
using Azure.Storage.Queues;
using Serverless.Testing;

namespace Serverless.FunctionsHost.Tests;

/// <summary>Queue triggers and outputs through the shared host: the real Storage.Queues extension, its retries and poison queue.</summary>
public sealed class QueueTests(SharedHost shared)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private QueueClient Queue(string setting, string suffix = "")
    {
        var queue = new QueueClient(shared.Azurite.ConnectionString, shared.Settings[setting] + suffix, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        if (suffix.Length == 0)
        {
            // Functions never creates a trigger's queue; the sender does.
            queue.CreateIfNotExists();
        }

        return queue;
    }

    [Fact]
    public async Task CopyOrder_PocoIn_PocoOutWithDequeueCount()
    {
        var id = Guid.NewGuid().ToString("N");
        await Queue("OrdersInQueue").SendMessageAsync(JsonSerializer.Serialize(new { Id = id, Quantity = 3 }));

        var receipt = await FindAsync(Queue("OrdersOutQueue"), id);

        Assert.Equal(3, receipt.GetProperty("Quantity").GetInt32());
        Assert.Equal(1, receipt.GetProperty("DequeueCount").GetInt64());
    }

    [Fact]
    public async Task FailingMessage_RetriedThenPoisonedIntact()
    {
        var id = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.Serialize(new { Id = id, Quantity = -1 });
        await Queue("OrdersInQueue").SendMessageAsync(body);

        var poison = Queue("OrdersInQueue", "-poison");
        await Poll.UntilAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString() == body), "the message in the poison queue");
        var deliveries = shared.Host.Logs.Containing($"Order {id} delivery").Count;
        Assert.Equal(3, deliveries);
    }

    [Fact]
    public async Task UnbindableMessage_PoisonedNotLost()
    {
        const string body = "this is not an order";
        await Queue("OrdersInQueue").SendMessageAsync(body);

        var poison = Queue("OrdersInQueue", "-poison");
        await Poll.UntilAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString() == body), "the unbindable message in the poison queue");
    }

    [Fact]
    public async Task AdminFunctionsApi_RunsAQueueFunctionWithItsInput()
    {
        var id = Guid.NewGuid().ToString("N");
        using var client = shared.Host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/functions/CopyOrder")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { input = JsonSerializer.Serialize(new { Id = id, Quantity = 7 }) })),
        };
        request.Headers.Add("x-functions-key", await shared.Host.GetMasterKeyAsync());
        using var response = await client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await FindAsync(Queue("OrdersOutQueue"), id);
        Assert.Equal(7, receipt.GetProperty("Quantity").GetInt32());
    }

    /// <summary>Receives from the queue until the receipt with the id arrives (other tests' receipts share the queue and are put back).</summary>
    private static async Task<JsonElement> FindAsync(QueueClient queue, string id)
    {
        JsonElement? found = null;
        await Poll.UntilAsync(async () =>
        {
            if (!await queue.ExistsAsync())
            {
                return false;
            }

            foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value)
            {
                var receipt = JsonSerializer.Deserialize<JsonElement>(message.Body.ToString(), Web);
                if (receipt.GetProperty("Id").GetString() == id)
                {
                    found = receipt;
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }

            return found is not null;
        }, $"receipt {id}");
        return found!.Value;
    }
}
