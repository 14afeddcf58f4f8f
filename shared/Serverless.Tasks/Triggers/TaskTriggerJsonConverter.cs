using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Tasks.Triggers;

/// <summary>A trigger in JSON is its expression string (<see cref="TaskTrigger.ToString"/> / <see cref="TaskTrigger.Parse"/>).</summary>
internal sealed class TaskTriggerJsonConverter : JsonConverter<TaskTrigger>
{
    public override TaskTrigger? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A trigger is a string expression such as \"every(00:01:00)\"; found {reader.TokenType}.");
        }

        try
        {
            return TaskTrigger.Parse(reader.GetString()!);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, TaskTrigger value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
