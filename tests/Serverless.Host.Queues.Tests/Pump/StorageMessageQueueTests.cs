using Serverless.Host.Queues.Pump;
using Serverless.Testing;

namespace Serverless.Host.Queues.Tests.Pump;

public sealed class StorageMessageQueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task MoveToPoisonAsync_ManyAtOnceBeforeThePoisonQueueExists_MovesEveryOne()
    {
        var name = AzuriteFixture.UniqueName("many");
        var source = azurite.QueueService.GetQueueClient(name);
        var poison = azurite.QueueService.GetQueueClient(name + "-poison");
        await source.CreateAsync();
        for (var i = 0; i < 12; i++)
        {
            await source.SendMessageAsync($"body-{i}");
        }

        var queue = new StorageMessageQueue(source, poison);
        var messages = await queue.ReceiveAsync(32, TimeSpan.FromMinutes(1), CancellationToken.None);

        await Task.WhenAll(messages.Select(m => queue.MoveToPoisonAsync(m, m.PopReceipt, CancellationToken.None)));

        var moved = (await poison.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"body-{i}").Order().ToArray(), moved);
        Assert.Equal(0, (await source.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task MoveToPoisonAsync_PoisonQueueDeletedMeanwhile_CreatesItAgain()
    {
        var name = AzuriteFixture.UniqueName("gone");
        var source = azurite.QueueService.GetQueueClient(name);
        var poison = azurite.QueueService.GetQueueClient(name + "-poison");
        await source.CreateAsync();
        await source.SendMessageAsync("first");
        await source.SendMessageAsync("second");
        var queue = new StorageMessageQueue(source, poison);
        var messages = await queue.ReceiveAsync(32, TimeSpan.FromMinutes(1), CancellationToken.None);

        await queue.MoveToPoisonAsync(messages[0], messages[0].PopReceipt, CancellationToken.None);
        await poison.DeleteAsync();
        await queue.MoveToPoisonAsync(messages[1], messages[1].PopReceipt, CancellationToken.None);

        Assert.Equal([messages[1].Body.ToString()], (await poison.PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()));
    }
}
