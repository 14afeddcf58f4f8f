using System.Text.Json;

namespace Serverless.DurableTask;

/// <summary>How inputs, outputs, events and custom status are serialized: System.Text.Json with web defaults.</summary>
public static class JsonDataConverter
{
    /// <summary>The serializer options used for every durable payload.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes a value to JSON; null stays null.</summary>
    public static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <summary>Deserializes JSON to <paramref name="type"/>; null or empty gives the type's default.</summary>
    public static object? Deserialize(string? json, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (string.IsNullOrEmpty(json))
        {
            return type.IsValueType ? Activator.CreateInstance(type) : null;
        }

        return JsonSerializer.Deserialize(json, type, Options);
    }

    /// <summary>Deserializes JSON to <typeparamref name="T"/>.</summary>
    public static T? Deserialize<T>(string? json) => string.IsNullOrEmpty(json) ? default : JsonSerializer.Deserialize<T>(json, Options);
}
