using System.Text.Json;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>How messages, history events and details are written to queues, tables and blobs.</summary>
internal static class StorageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"Stored JSON for {typeof(T).Name} was null.");
}

/// <summary>
/// The body of a queue message: the task message itself, or (when too big for a queue message) the name of the blob in
/// the large-message container that holds it.
/// </summary>
internal sealed record QueueEnvelope(TaskMessage? Message, string? Blob);

/// <summary>One outbound message of an episode, kept in the history partition until the next episode's commit.</summary>
internal sealed record OutboxEntry(bool Activity, TaskMessage Message);
