using System.Text;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Serverless.Host.Bindings;
using Serverless.Host.Invocation;
using Serverless.Worker;

namespace Serverless.Host.Queues.Trigger;

/// <summary>Turns a received message into the trigger parameter's value and the binding data of an invocation.</summary>
internal sealed class QueueMessageBinder(Type parameterType, string queueName)
{
    /// <summary>The metadata a queue trigger provides, as in Azure Functions.</summary>
    public static IReadOnlyDictionary<string, Type> Contract { get; } = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
    {
        ["QueueTrigger"] = typeof(string),
        ["Id"] = typeof(string),
        ["DequeueCount"] = typeof(long),
        ["InsertionTime"] = typeof(DateTimeOffset),
        ["ExpirationTime"] = typeof(DateTimeOffset),
        ["NextVisibleTime"] = typeof(DateTimeOffset),
        ["PopReceipt"] = typeof(string),
    };

    public TriggerInvocation CreateInvocation(QueueMessage message, QueuesMessageEncoding encoding, int maxDequeueCount)
    {
        var (body, error) = Decode(message, encoding);
        var data = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["QueueTrigger"] = body is null ? message.Body.ToString() : Encoding.UTF8.GetString(body),
            ["Id"] = message.MessageId,
            ["DequeueCount"] = message.DequeueCount,
            ["InsertionTime"] = message.InsertedOn,
            ["ExpirationTime"] = message.ExpiresOn,
            ["NextVisibleTime"] = message.NextVisibleOn,
            ["PopReceipt"] = message.PopReceipt,
        };

        return new TriggerInvocation(
            _ => ValueTask.FromResult(body is null ? throw new BindingException(error!) : Bind(message, body)),
            data,
            $"New queue message detected on '{queueName}'. MessageId: {message.MessageId}, DequeueCount: {message.DequeueCount}",
            (int)Math.Max(0, message.DequeueCount - 1),
            maxDequeueCount);
    }

    private static (byte[]? Body, string? Error) Decode(QueueMessage message, QueuesMessageEncoding encoding)
    {
        if (encoding == QueuesMessageEncoding.None)
        {
            return (message.Body.ToArray(), null);
        }

        var text = message.Body.ToString();
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written)
            ? (buffer[..written], null)
            : (null, $"message '{message.MessageId}' is not valid base64 (host.json extensions.queues.messageEncoding is base64).");
    }

    private object? Bind(QueueMessage message, byte[] body)
    {
        if (parameterType == typeof(string))
        {
            return Encoding.UTF8.GetString(body);
        }

        if (parameterType == typeof(byte[]))
        {
            return body;
        }

        if (parameterType == typeof(BinaryData))
        {
            return new BinaryData(body);
        }

        if (parameterType == typeof(QueueMessage))
        {
            return QueuesModelFactory.QueueMessage(message.MessageId, message.PopReceipt, new BinaryData(body), message.DequeueCount,
                message.NextVisibleOn, message.InsertedOn, message.ExpiresOn);
        }

        try
        {
            return JsonSerializer.Deserialize(body, parameterType, WorkerJson.Options)
                ?? throw new BindingException($"message '{message.MessageId}' is JSON null; the parameter needs a {parameterType.Name}.");
        }
        catch (JsonException ex)
        {
            throw new BindingException($"message '{message.MessageId}' cannot be deserialized to {parameterType.Name}: {ex.Message}", ex);
        }
    }
}
