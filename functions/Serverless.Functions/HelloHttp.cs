using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Serverless.Functions;

/// <summary>The smallest HTTP function (ASP.NET Core integration): GET or POST /api/hello?name=...</summary>
public static class HelloHttp
{
    [Function("hello")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "hello")] HttpRequest req)
    {
        string name = req.Query["name"].FirstOrDefault() is { Length: > 0 } given ? given : "world";
        return new OkObjectResult($"Hello, {name}!");
    }
}
