using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Serverless.Worker;
using Serverless.Worker.Http;

namespace Serverless.Host.Http.Functions;

/// <summary>HttpRequestData over an ASP.NET Core request. The body is buffered, so a function may read it more than once.</summary>
internal sealed class AspNetHttpRequestData(FunctionContext functionContext, HttpContext httpContext, Stream body) : HttpRequestData(functionContext)
{
    private HttpHeadersCollection? _headers;
    private IReadOnlyCollection<IHttpCookie>? _cookies;
    private Uri? _url;

    public HttpContext HttpContext { get; } = httpContext;

    public override Stream Body { get; } = body;

    public override HttpHeadersCollection Headers =>
        _headers ??= new HttpHeadersCollection(HttpContext.Request.Headers.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value.Select(v => v ?? string.Empty))));

    public override IReadOnlyCollection<IHttpCookie> Cookies =>
        _cookies ??= [.. HttpContext.Request.Cookies.Select(c => new Cookie(c.Key, c.Value))];

    public override Uri Url => _url ??= new Uri(HttpContext.Request.GetEncodedUrl());

    public override IEnumerable<ClaimsIdentity> Identities => HttpContext.User.Identities;

    public override string Method => HttpContext.Request.Method;

    public override HttpResponseData CreateResponse() => new AspNetHttpResponseData(FunctionContext);

    private sealed record Cookie(string Name, string Value) : IHttpCookie;
}
