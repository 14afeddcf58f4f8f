using System.Net;
using System.Text;
using System.Text.Json;

namespace Serverless.Worker.Http;

/// <summary>Writing response bodies, as in the isolated worker.</summary>
public static class HttpResponseDataExtensions
{
    public static Task WriteStringAsync(this HttpResponseData response, string value, Encoding? encoding = null)
        => response.WriteStringAsync(value, CancellationToken.None, encoding);

    public static async Task WriteStringAsync(this HttpResponseData response, string value, CancellationToken cancellationToken, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(value);
        if (!response.Headers.Contains("Content-Type"))
        {
            response.Headers.TryAddWithoutValidation("Content-Type", "text/plain; charset=utf-8");
        }

        var bytes = (encoding ?? Encoding.UTF8).GetBytes(value);
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    public static void WriteString(this HttpResponseData response, string value, Encoding? encoding = null) =>
        response.WriteStringAsync(value, encoding).GetAwaiter().GetResult();

    public static async Task WriteBytesAsync(this HttpResponseData response, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        await response.Body.WriteAsync(value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the value as JSON, sets Content-Type and the status code (200 unless given).</summary>
    public static ValueTask WriteAsJsonAsync<T>(this HttpResponseData response, T instance, CancellationToken cancellationToken = default)
        => response.WriteAsJsonAsync(instance, HttpStatusCode.OK, cancellationToken);

    public static async ValueTask WriteAsJsonAsync<T>(this HttpResponseData response, T instance, HttpStatusCode statusCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.Remove("Content-Type");
        response.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
        response.StatusCode = statusCode;
        await JsonSerializer.SerializeAsync(response.Body, instance, WorkerJson.Options, cancellationToken).ConfigureAwait(false);
    }
}
