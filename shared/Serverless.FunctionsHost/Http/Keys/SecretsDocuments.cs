using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.FunctionsHost.Http.Keys;

/// <summary>A key in a secrets blob: {"name": "default", "value": "...", "encrypted": false}.</summary>
internal sealed record SecretKey(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("encrypted")] bool Encrypted = false);

/// <summary>{hostId}/host.json in azure-webjobs-secrets, the shape Azure Functions writes. Unknown properties are kept on rewrite.</summary>
internal sealed class HostSecretsDocument
{
    [JsonPropertyName("masterKey")]
    public SecretKey? MasterKey { get; set; }

    [JsonPropertyName("functionKeys")]
    public List<SecretKey> FunctionKeys { get; set; } = [];

    [JsonPropertyName("systemKeys")]
    public List<SecretKey> SystemKeys { get; set; } = [];

    [JsonPropertyName("source")]
    public string? Source { get; set; } = "runtime";

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>{hostId}/{function}.json in azure-webjobs-secrets: {"keys": [...]}.</summary>
internal sealed class FunctionSecretsDocument
{
    [JsonPropertyName("keys")]
    public List<SecretKey> Keys { get; set; } = [];

    [JsonPropertyName("source")]
    public string? Source { get; set; } = "runtime";

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
