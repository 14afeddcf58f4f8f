using System.Net.Mime;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Serverless.Worker;
using Serverless.Worker.Http;

namespace Serverless.Host.Http.Functions;

/// <summary>
/// Writes what an HTTP function returned, as the isolated worker does: an HttpResponseData as built; nothing answers
/// 204; a string answers 200 text; any other value answers 200 JSON. A return type carrying the response in a property
/// ([HttpResult] or of type HttpResponseData) answers that property.
/// </summary>
internal static class HttpResultWriter
{
    public static async Task WriteAsync(HttpContext http, object? value, Type? returnType)
    {
        if (value is not null and not HttpResponseData && ResponseProperty(value.GetType()) is { } property)
        {
            value = property.GetValue(value);
        }

        switch (value)
        {
            case HttpResponseData response:
                await WriteResponseAsync(http, response).ConfigureAwait(false);
                break;
            case null:
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            case string text:
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(text, http.RequestAborted).ConfigureAwait(false);
                break;
            case byte[] bytes:
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = MediaTypeNames.Application.Octet;
                await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
                break;
            default:
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(http.Response.Body, value, returnType is { } t && t.IsInstanceOfType(value) ? t : value.GetType(), WorkerJson.Options, http.RequestAborted).ConfigureAwait(false);
                break;
        }
    }

    private static async Task WriteResponseAsync(HttpContext http, HttpResponseData response)
    {
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                http.Response.Headers[name] = values.ToArray();
            }
        }

        var body = response.Body;
        if (body is null)
        {
            return;
        }

        if (body.CanSeek)
        {
            body.Position = 0;
            http.Response.ContentLength = body.Length;
        }

        await body.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
        await body.DisposeAsync().ConfigureAwait(false);
    }

    private static PropertyInfo? ResponseProperty(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => p.GetCustomAttribute<HttpResultAttribute>() is not null)
        ?? type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => typeof(HttpResponseData).IsAssignableFrom(p.PropertyType));
}
