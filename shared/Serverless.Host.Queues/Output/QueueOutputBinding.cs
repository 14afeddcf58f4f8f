using System.Collections;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Serverless.Host.Bindings;
using Serverless.Host.Queues.Trigger;
using Serverless.Host.Storage;
using Serverless.Worker;

namespace Serverless.Host.Queues.Output;

/// <summary>[QueueOutput] on a method's return value or on a property of a multi-output return type.</summary>
internal sealed class QueueOutputBindingProvider(
    IConfiguration configuration,
    StorageConnections connections,
    QueueClientProvider clients,
    IOptions<QueuesOptions> options) : IOutputBindingProvider
{
    public IOutputBinding? TryCreate(OutputBindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attribute is not QueueOutputAttribute attribute)
        {
            return null;
        }

        var where = $"[QueueOutput] on {context.Target}";
        var queueName = QueueBindingNames.Resolve(configuration, connections, attribute.QueueName, attribute.Connection, where, trigger: false);
        return new QueueOutputBinding(clients, options, attribute.Connection, queueName);
    }
}

/// <summary>
/// Sends a value as messages: a string, byte[] or BinaryData as one message; an array or other IEnumerable as one
/// message per element; anything else as JSON (WorkerJson.Options). Null sends nothing. The queue is created on first use.
/// </summary>
internal sealed class QueueOutputBinding(QueueClientProvider clients, IOptions<QueuesOptions> options, string? connection, string queueName) : IOutputBinding
{
    public string QueueName { get; } = queueName;

    public async ValueTask SetValueAsync(object? value, FunctionContext context, CancellationToken cancellationToken)
    {
        var bodies = Bodies(value).ToList();
        if (bodies.Count == 0)
        {
            return;
        }

        var queue = clients.GetQueue(connection, QueueName);
        await clients.EnsureCreatedAsync(connection, queue, cancellationToken).ConfigureAwait(false);
        var base64 = options.Value.Encoding == QueuesMessageEncoding.Base64;
        foreach (var body in bodies)
        {
            var text = base64 ? Convert.ToBase64String(body) : Encoding.UTF8.GetString(body);
            await queue.SendMessageAsync(text, cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<byte[]> Bodies(object? value)
    {
        switch (value)
        {
            case null:
                yield break;
            case string or byte[] or BinaryData or ReadOnlyMemory<byte>:
                yield return Body(value);
                yield break;
            case IEnumerable items:
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        yield return Body(item);
                    }
                }

                yield break;
            default:
                yield return Body(value);
                yield break;
        }
    }

    private static byte[] Body(object value) => value switch
    {
        string text => Encoding.UTF8.GetBytes(text),
        byte[] bytes => bytes,
        BinaryData data => data.ToArray(),
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        _ => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), WorkerJson.Options),
    };
}
