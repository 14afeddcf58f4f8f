using System.Text.Encodings.Web;
using System.Text.Json;

namespace Serverless.DurableTask.Functions.Http;

/// <summary>
/// JSON of the management payloads: web defaults, and URLs written as they are ('&amp;' not escaped to \u0026), as Durable
/// Functions writes them. The payloads are JSON bodies, never embedded in HTML.
/// </summary>
internal static class ManagementJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
