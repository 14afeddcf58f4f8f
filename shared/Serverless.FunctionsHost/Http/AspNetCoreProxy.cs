using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

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
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(workerUri, $"{request.Path.Value?.TrimStart('/')}{request.QueryString}"));
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

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
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
        foreach (var (name, values) in from.Headers.Concat(from.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                to.Headers[name] = values.ToArray();
            }
        }

        to.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await from.Content.CopyToAsync(to.Body, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();
}
