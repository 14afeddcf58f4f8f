using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Serverless.FunctionsHost.Http;

/// <summary>
/// ASP.NET Core integration: the real request goes to the worker's own Kestrel (the HttpUri capability) with the
/// invocation id in <c>x-ms-invocation-id</c>; the worker pairs it with the InvocationRequest and answers on it.
/// </summary>
internal sealed class AspNetCoreProxy(Uri workerUri) : IDisposable
{
    public const string InvocationIdHeader = "x-ms-invocation-id";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer", "Host",
    };

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
    });

    public async Task<HttpResponseMessage> SendAsync(HttpContext context, string invocationId, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var message = new HttpRequestMessage(Method(request.Method), new Uri(workerUri, $"{request.Path.Value?.TrimStart('/')}{request.QueryString}"));
        if (request.ContentLength > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            message.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            // One value (nearly every header) goes in as a string, without boxing the StringValues into an enumerable.
            var added = values.Count == 1
                ? message.Headers.TryAddWithoutValidation(name, values[0])
                : message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            if (!added && message.Content is { } content)
            {
                _ = values.Count == 1
                    ? content.Headers.TryAddWithoutValidation(name, values[0])
                    : content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        message.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        message.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        return await _client.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public static async Task CopyAsync(HttpResponseMessage from, HttpResponse to, CancellationToken cancellationToken)
    {
        to.StatusCode = (int)from.StatusCode;

        // The headers as they came (NonValidated): enumerating HttpHeaders itself parses every value, under a lock,
        // only to print it again.
        CopyHeaders(from.Headers.NonValidated, to.Headers);
        CopyHeaders(from.Content.Headers.NonValidated, to.Headers);

        to.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await from.Content.CopyToAsync(to.Body, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();

    private static void CopyHeaders(HttpHeadersNonValidated from, IHeaderDictionary to)
    {
        foreach (var (name, values) in from)
        {
            if (!HopByHop.Contains(name))
            {
                to[name] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
            }
        }
    }

    /// <summary>The shared HttpMethod of a standard method (HttpMethod.Parse would also map "get" to GET; Kestrel keeps the case).</summary>
    private static HttpMethod Method(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "PUT" => HttpMethod.Put,
        "DELETE" => HttpMethod.Delete,
        "PATCH" => HttpMethod.Patch,
        "HEAD" => HttpMethod.Head,
        "OPTIONS" => HttpMethod.Options,
        _ => new HttpMethod(method),
    };
}
