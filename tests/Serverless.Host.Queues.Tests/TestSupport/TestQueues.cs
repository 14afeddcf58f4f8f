using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.Host.Queues.Tests.TestSupport;

/// <summary>Queue helpers for tests: messages are written and read as the extension's default base64 encoding does.</summary>
internal static class TestQueues
{
    /// <summary>host.json with a short polling ceiling so tests do not wait for the back-off.</summary>
    public static string HostJson(string queues = "") =>
        $$"""{ "version": "2.0", "extensions": { "queues": { "maxPollingInterval": "00:00:00.200"{{(queues.Length > 0 ? ", " + queues : string.Empty)}} } } }""";

    public static async Task<QueueClient> CreateAsync(AzuriteFixture azurite, string name)
    {
        var queue = azurite.QueueService.GetQueueClient(name);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static async Task<string> SendAsync(QueueClient queue, string text)
    {
        var receipt = await queue.SendMessageAsync(Base64(text));
        return receipt.Value.MessageId;
    }

    /// <summary>The bodies of the messages visible in a queue (peeked, not received), decoded from base64.</summary>
    public static async Task<List<string>> PeekAsync(QueueClient queue)
    {
        if (!(await queue.ExistsAsync()).Value)
        {
            return [];
        }

        var messages = await queue.PeekMessagesAsync(32);
        return [.. messages.Value.Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Body.ToString())))];
    }

    /// <summary>The raw bodies of visible messages, undecoded.</summary>
    public static async Task<List<string>> PeekRawAsync(QueueClient queue)
    {
        if (!(await queue.ExistsAsync()).Value)
        {
            return [];
        }

        var messages = await queue.PeekMessagesAsync(32);
        return [.. messages.Value.Select(m => m.Body.ToString())];
    }

    public static Task<TestFunctionHost> StartHostAsync(AzuriteFixture azurite, Type functions, Recorder recorder, IDictionary<string, string?> settings, string? hostJson = null, Action<IServiceCollection>? configure = null) =>
        TestFunctionHost.StartAsync(azurite.ConnectionString, [functions], settings, s =>
        {
            s.AddSingleton(recorder);
            configure?.Invoke(s);
        }, hostJson ?? HostJson());
}
