using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace Serverless.Tasks.Functions.Tests.TestSupport;

/// <summary>Builds the requests the functions take and reads their answers as a client would (status, headers, JSON body).</summary>
internal static class ApiCall
{
    /// <summary>A request as the worker's ASP.NET Core integration hands it over: host, path with the "api" prefix, query, body.</summary>
    public static HttpRequest Request(string method, string pathAndQuery, string? body = null)
    {
        var http = new DefaultHttpContext();
        var request = http.Request;
        request.Method = method;
        request.Scheme = "https";
        request.Host = new HostString("tasks.example");
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        var bytes = Encoding.UTF8.GetBytes(body ?? string.Empty);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        if (body is not null)
        {
            request.ContentType = "application/json";
        }

        return request;
    }

    public static HttpRequest Get(string pathAndQuery) => Request(HttpMethods.Get, pathAndQuery);

    public static HttpRequest Post(string path, string? body = null) => Request(HttpMethods.Post, path, body);

    /// <summary>A POST of <paramref name="body"/> serialized with the tasks' JSON options.</summary>
    public static HttpRequest PostJson(string path, object body) => Post(path, JsonSerializer.Serialize(body, TaskJson.Options));

    /// <summary>Awaits the function and executes its result on the request's own context, as the worker does.</summary>
    public static async Task<ApiResponse> SendAsync(HttpRequest request, Func<HttpRequest, Task<IActionResult>> function)
    {
        var result = await function(request);
        var http = request.HttpContext;
        using var body = new MemoryStream();
        http.Response.Body = body;
        await result.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        var text = Encoding.UTF8.GetString(body.ToArray());
        JsonElement? json = null;
        if (text.Length > 0)
        {
            using var document = JsonDocument.Parse(text);
            json = document.RootElement.Clone();
        }

        return new ApiResponse(http.Response.StatusCode, json, http.Response.Headers.Location.ToString(), http.Response.ContentType);
    }
}

/// <summary>An answer: status, JSON body (null when empty), Location and content type.</summary>
internal sealed record ApiResponse(int Status, JsonElement? Json, string Location, string? ContentType)
{
    public JsonElement Body => Json ?? throw new InvalidOperationException($"The {Status} answer has no body.");

    public string Text(string property) => Body.GetProperty(property).GetString()!;

    public override string ToString() => $"{Status} {Json}";
}
