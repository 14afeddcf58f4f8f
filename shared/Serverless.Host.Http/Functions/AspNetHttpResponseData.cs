using System.Net;
using Serverless.Worker;
using Serverless.Worker.Http;

namespace Serverless.Host.Http.Functions;

/// <summary>A response a function builds in memory; the host writes it to the client after the function returns.</summary>
internal sealed class AspNetHttpResponseData(FunctionContext functionContext) : HttpResponseData(functionContext)
{
    public override HttpStatusCode StatusCode { get; set; } = HttpStatusCode.OK;

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();
}
