using System.Net;

namespace Serverless.Functions;

/// <summary>The smallest HTTP function: GET or POST /api/hello?name=...</summary>
public static class HelloHttp
{
    [Function("Hello")]
    public static async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "hello")] HttpRequestData request)
    {
        var name = request.Query["name"] ?? "world";
        var response = request.CreateResponse(HttpStatusCode.OK);
        await response.WriteStringAsync($"Hello, {name}!");
        return response;
    }
}
