using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Serverless.FunctionsHost.TestApp;

public sealed record Greeting(string Name, string Method, string? Query);

public static class HttpFunctions
{
    /// <summary>Answers with the route value, the method and a query value: shows routing and both HTTP models.</summary>
    [Function("Echo")]
    public static async Task<HttpResponseData> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "echo/{name}")] HttpRequestData req, string name)
    {
        var response = req.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("x-echo", name);
        await response.WriteAsJsonAsync(new Greeting(name, req.Method, req.Query["q"]));
        return response;
    }

    /// <summary>Reads a JSON body and answers 400 naming the problem when it is not JSON.</summary>
    [Function("Sum")]
    public static async Task<HttpResponseData> Sum([HttpTrigger(AuthorizationLevel.Function, "post", Route = "sum")] HttpRequestData req)
    {
        int[]? numbers;
        try
        {
            numbers = await JsonSerializer.DeserializeAsync<int[]>(req.Body);
        }
        catch (JsonException ex)
        {
            var bad = req.CreateResponse(HttpStatusCode.BadRequest);
            await bad.WriteStringAsync($"The body is not a JSON array of integers: {ex.Message}");
            return bad;
        }

        var ok = req.CreateResponse(HttpStatusCode.OK);
        await ok.WriteStringAsync((numbers ?? []).Sum().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ok;
    }

    [Function("AdminOnly")]
    public static HttpResponseData AdminOnly([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "secret/admin")] HttpRequestData req) =>
        req.CreateResponse(HttpStatusCode.NoContent);

    [Function("Throws")]
    public static HttpResponseData Throws([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "throws")] HttpRequestData req) =>
        throw new InvalidOperationException("Throws failed on purpose.");

    /// <summary>An HTTP function with a queue output beside the response.</summary>
    [Function("Enqueue")]
    public static EnqueueResult Enqueue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enqueue/{text}")] HttpRequestData req, string text) =>
        new() { Message = text, Response = req.CreateResponse(HttpStatusCode.Accepted) };

    /// <summary>Reports the worker's process id, so tests can kill that worker.</summary>
    [Function("Pid")]
    public static async Task<HttpResponseData> Pid([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pid")] HttpRequestData req)
    {
        var response = req.CreateResponse(HttpStatusCode.OK);
        await response.WriteStringAsync(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }
}

public sealed class EnqueueResult
{
    [QueueOutput("%EnqueueQueue%")]
    public string? Message { get; init; }

    [HttpResult]
    public HttpResponseData? Response { get; init; }
}
