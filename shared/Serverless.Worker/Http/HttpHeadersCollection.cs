using System.Net.Http.Headers;

namespace Serverless.Worker.Http;

/// <summary>Request or response headers; accepts any header name (no validation), as in the isolated worker.</summary>
public sealed class HttpHeadersCollection : HttpHeaders
{
    public HttpHeadersCollection()
    {
    }

    public HttpHeadersCollection(IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var (name, value) in headers)
        {
            TryAddWithoutValidation(name, value);
        }
    }

    public HttpHeadersCollection(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var (name, values) in headers)
        {
            TryAddWithoutValidation(name, values);
        }
    }
}
