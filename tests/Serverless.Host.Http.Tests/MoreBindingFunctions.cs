using Microsoft.AspNetCore.Http;
using Serverless.Worker;

namespace Serverless.Host.Http.Tests;

public sealed class MoreBindingFunctions
{
    [Function("StringBody")]
    public static string StringBody([HttpTrigger(AuthorizationLevel.Anonymous, "post")] string body) => body.ToUpperInvariant();

    [Function("AspNet")]
    public static string AspNet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "aspnet/{name}")] HttpRequest request, string name) =>
        $"{request.Method} {request.Path} {name}";

    [Function("Bytes")]
    public static byte[] Bytes([HttpTrigger(AuthorizationLevel.Anonymous, "post")] byte[] body) => [.. body.Reverse()];

    [Function("AspNetJson")]
    public static async Task<Order?> AspNetJson([HttpTrigger(AuthorizationLevel.Anonymous, "post")] HttpRequest request) =>
        await request.ReadFromJsonAsync<Order>();
}
