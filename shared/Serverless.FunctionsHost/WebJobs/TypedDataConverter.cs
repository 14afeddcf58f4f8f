using System.Text.Json;
using Google.Protobuf;
using Newtonsoft.Json.Linq;
using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>Values between the WebJobs side and the worker's TypedData, converted as the Functions host converts them.</summary>
internal static class TypedDataConverter
{
    public static TypedData String(string value) => new() { String = value };

    public static TypedData Json(string json) => new() { Json = json };

    public static TypedData Json<T>(T value) => new() { Json = JsonSerializer.Serialize(value) };

    /// <summary>
    /// An activity's result for the Durable extension: JSON becomes a Newtonsoft JToken (the extension stores a token
    /// verbatim, a plain string would be stored quoted), strings stay strings, numbers widen, bytes stay bytes.
    /// </summary>
    public static object? ToDurableResult(TypedData? value) => value?.DataCase switch
    {
        TypedData.DataOneofCase.Json => JToken.Parse(value.Json),
        TypedData.DataOneofCase.String => value.String,
        TypedData.DataOneofCase.Int => value.Int,
        TypedData.DataOneofCase.Double => value.Double,
        TypedData.DataOneofCase.Bytes => value.Bytes.ToByteArray(),
        TypedData.DataOneofCase.Stream => value.Stream.ToByteArray(),
        _ => null,
    };

    /// <summary>The string a Durable orchestrator or entity answers with (base64 of its protobuf response).</summary>
    public static string? ToText(TypedData? value) => value?.DataCase switch
    {
        TypedData.DataOneofCase.String => value.String,
        TypedData.DataOneofCase.Json => value.Json,
        TypedData.DataOneofCase.Bytes => value.Bytes.ToStringUtf8(),
        _ => null,
    };

    /// <summary>
    /// The queue messages an output value stands for: one per element of an array or collection, none for an empty
    /// value; a JSON string is sent as its text, other JSON as it is written.
    /// </summary>
    public static IEnumerable<BinaryData> ToMessages(TypedData? value)
    {
        switch (value?.DataCase)
        {
            case TypedData.DataOneofCase.String:
                yield return BinaryData.FromString(value.String);
                break;
            case TypedData.DataOneofCase.Bytes:
                yield return BinaryData.FromBytes(value.Bytes.ToByteArray());
                break;
            case TypedData.DataOneofCase.Stream:
                yield return BinaryData.FromBytes(value.Stream.ToByteArray());
                break;
            case TypedData.DataOneofCase.Int:
                yield return BinaryData.FromString(value.Int.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case TypedData.DataOneofCase.Double:
                yield return BinaryData.FromString(value.Double.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case TypedData.DataOneofCase.Json:
                using (var document = JsonDocument.Parse(value.Json))
                {
                    var root = document.RootElement;
                    if (root.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var element in root.EnumerateArray())
                        {
                            yield return JsonMessage(element);
                        }
                    }
                    else if (root.ValueKind != JsonValueKind.Null)
                    {
                        yield return JsonMessage(root);
                    }
                }

                break;
            case TypedData.DataOneofCase.CollectionString:
                foreach (var item in value.CollectionString.String)
                {
                    yield return BinaryData.FromString(item);
                }

                break;
            case TypedData.DataOneofCase.CollectionBytes:
                foreach (var item in value.CollectionBytes.Bytes)
                {
                    yield return BinaryData.FromBytes(item.ToByteArray());
                }

                break;
        }
    }

    private static BinaryData JsonMessage(JsonElement element) =>
        BinaryData.FromString(element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText());

    public static TypedData Bytes(ReadOnlyMemory<byte> bytes) => new() { Bytes = ByteString.CopyFrom(bytes.Span) };
}
