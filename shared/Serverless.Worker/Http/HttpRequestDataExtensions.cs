using System.Net;
using System.Text;
using System.Text.Json;

namespace Serverless.Worker.Http;

/// <summary>Reading requests and creating responses, as in the isolated worker.</summary>
public static class HttpRequestDataExtensions
{
    public static HttpResponseData CreateResponse(this HttpRequestData request, HttpStatusCode statusCode)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.CreateResponse();
        response.StatusCode = statusCode;
        return response;
    }

    public static async Task<string> ReadAsStringAsync(this HttpRequestData request, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body, encoding ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }

    public static string? ReadAsString(this HttpRequestData request, Encoding? encoding = null) =>
        request.ReadAsStringAsync(encoding).GetAwaiter().GetResult();

    /// <summary>Reads the body as JSON (web defaults: camelCase, case-insensitive). Throws JsonException on bad JSON.</summary>
    public static async ValueTask<T?> ReadFromJsonAsync<T>(this HttpRequestData request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await JsonSerializer.DeserializeAsync<T>(request.Body, WorkerJson.Options, cancellationToken).ConfigureAwait(false);
    }
}
