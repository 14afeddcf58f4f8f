using System.Net;

namespace Serverless.Worker.Http;

/// <summary>The response an HTTP-triggered function returns (the isolated worker's shape).</summary>
public abstract class HttpResponseData(FunctionContext functionContext)
{
    public FunctionContext FunctionContext { get; } = functionContext;

    public abstract HttpStatusCode StatusCode { get; set; }

    public abstract HttpHeadersCollection Headers { get; set; }

    public abstract Stream Body { get; set; }

    /// <summary>A new response for the request.</summary>
    public static HttpResponseData CreateResponse(HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.CreateResponse();
    }
}
