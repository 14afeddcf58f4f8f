using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Serverless.Tasks.Functions.Http;

/// <summary>
/// Reads a request body as JSON with <see cref="TaskJson.Options"/> and unknown members refused (a misspelt
/// "parameter" must not silently enqueue with the defaults). Errors answer 400 naming the JSON path, line and byte.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonSerializerOptions Strict = new(TaskJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>The body as <typeparamref name="T"/>; an empty body (or JSON null) gives null, or a 400 when <paramref name="required"/>.</summary>
    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, bool required, string example)
        where T : class
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        var bytes = buffer.ToArray();
        if (bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return required ? new(null, TaskApiResults.BadRequest($"The request needs a JSON body such as {example}.")) : new(null, null);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, Strict);
            return value is null && required
                ? new(null, TaskApiResults.BadRequest($"The request needs a JSON body such as {example}.", "path", "$"))
                : new(value, null);
        }
        catch (JsonException ex)
        {
            var path = ex.Path ?? "$";
            return new(null, TaskApiResults.BadRequest(
                $"The body is not valid at JSON path '{path}' (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)} Expected a body such as {example}.",
                "path", path));
        }
    }

    /// <summary>The message without the path suffix System.Text.Json appends (the detail names the path itself).</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>A read body, or the 400 to answer.</summary>
internal readonly record struct BodyResult<T>(T? Value, TaskApiResult? Error)
    where T : class;
