using System.Text.Json;
using Azure.Storage.Queues;
using Serverless.Testing;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>Finds a test's message on a queue other tests write to as well.</summary>
internal static class Queues
{
    /// <summary>The first JSON message matching the predicate (see <see cref="FindTextAsync"/>).</summary>
    public static async Task<JsonElement> FindJsonAsync(QueueClient queue, Func<JsonElement, bool> match, string what)
    {
        var body = await FindTextAsync(queue, text => text.StartsWith('{') && match(JsonSerializer.Deserialize<JsonElement>(text)), what);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    /// <summary>
    /// Receives from the queue until a message whose text matches arrives, and deletes it; other messages are left
    /// for their tests (they show again after a second).
    /// </summary>
    public static async Task<string> FindTextAsync(QueueClient queue, Func<string, bool> match, string what)
    {
        // Created up front (an output binding creates it too): polling a missing queue fills the host's log with 404s.
        await queue.CreateIfNotExistsAsync();
        string? found = null;
        await Poll.UntilAsync(async () =>
        {
            foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value)
            {
                var text = message.Body.ToString();
                if (found is null && match(text))
                {
                    found = text;
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }

            return found is not null;
        }, what);
        return found!;
    }
}
