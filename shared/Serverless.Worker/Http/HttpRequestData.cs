using System.Collections.Specialized;
using System.Security.Claims;

namespace Serverless.Worker.Http;

/// <summary>An HTTP request as an HTTP-triggered function sees it (the isolated worker's shape).</summary>
public abstract class HttpRequestData(FunctionContext functionContext)
{
    public FunctionContext FunctionContext { get; } = functionContext;

    public abstract Stream Body { get; }

    public abstract HttpHeadersCollection Headers { get; }

    public abstract IReadOnlyCollection<IHttpCookie> Cookies { get; }

    public abstract Uri Url { get; }

    public abstract IEnumerable<ClaimsIdentity> Identities { get; }

    public abstract string Method { get; }

    public virtual NameValueCollection Query => System.Web.HttpUtility.ParseQueryString(Url.Query);

    /// <summary>A new response for this request.</summary>
    public abstract HttpResponseData CreateResponse();
}

/// <summary>A cookie of a request.</summary>
public interface IHttpCookie
{
    string Name { get; }

    string Value { get; }
}
