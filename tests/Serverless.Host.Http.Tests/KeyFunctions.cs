using Serverless.Worker;
using Serverless.Worker.Http;

namespace Serverless.Host.Http.Tests;

public sealed class KeyFunctions
{
    [Function("Secured")]
    public static string Secured([HttpTrigger("get")] HttpRequestData request) => "secured";

    [Function("Other")]
    public static string Other([HttpTrigger(AuthorizationLevel.Function, "get")] HttpRequestData request) => "other";

    [Function("AdminOnly")]
    public static string AdminOnly([HttpTrigger(AuthorizationLevel.Admin, "get")] HttpRequestData request) => "admin";

    [Function("SystemOnly")]
    public static string SystemOnly([HttpTrigger(AuthorizationLevel.System, "get")] HttpRequestData request) => "system";

    [Function("Open")]
    public static string Open([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData request) => "open";
}
