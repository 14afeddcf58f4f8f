using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.Http;

/// <summary>Requests and responses of the built-in HTTP model (HttpRequestData over the RPC channel) and the trigger metadata of both models.</summary>
internal static class RpcHttpConverter
{
    // The trigger metadata's JSON is written on the request's thread into a buffer kept there (see ToJson).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? JsonBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? JsonWriter;

    public static async Task<RpcHttp> ToRpcAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var http = new RpcHttp
        {
            Method = request.Method,
            Url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}",
        };
        foreach (var (name, values) in request.Headers)
        {
            http.Headers[name] = values.ToString();
        }

        foreach (var (name, values) in request.Query)
        {
            http.Query[name] = values.ToString();
        }

        foreach (var (name, value) in context.GetRouteData().Values)
        {
            if (value is not null)
            {
                http.Params[name] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
        }

        // Kestrel knows when a request has no body (a GET without Content-Length or Transfer-Encoding): nothing to read.
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return http;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        if (body.Length > 0)
        {
            var bytes = ByteString.CopyFrom(body.GetBuffer(), 0, (int)body.Length);
            http.Body = new TypedData { Bytes = bytes };
            http.RawBody = new TypedData { Bytes = bytes };
        }

        return http;
    }

    /// <summary>Route values, Query and Headers as trigger metadata: what binds an HTTP function's other parameters.</summary>
    public static void AddTriggerMetadata(InvocationRequest invocation, HttpContext context)
    {
        foreach (var (name, value) in context.GetRouteData().Values)
        {
            if (value is not null)
            {
                invocation.TriggerMetadata[name] = new TypedData { String = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" };
            }
        }

        invocation.TriggerMetadata["Query"] = new TypedData { Json = ToJson(context.Request.Query) };
        invocation.TriggerMetadata["Headers"] = new TypedData { Json = ToJson(context.Request.Headers) };
    }

    /// <summary>
    /// {"name":"value",...} with each name's values joined by commas, in the collection's order: what serializing it as a
    /// Dictionary&lt;string, string&gt; gives (same escaping), written straight from the collection on every request.
    /// </summary>
    private static string ToJson(IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        var json = JsonBuffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = JsonWriter ??= new Utf8JsonWriter(json);
        try
        {
            writer.WriteStartObject();
            foreach (var (name, value) in values)
            {
                writer.WriteString(name, value.ToString());
            }

            writer.WriteEndObject();
            writer.Flush();
            return Encoding.UTF8.GetString(json.WrittenSpan);
        }
        finally
        {
            json.ResetWrittenCount();
            writer.Reset(json);
            if (json.Capacity > 64 * 1024)
            {
                // A request with huge headers does not keep its buffer on the thread.
                (JsonBuffer, JsonWriter) = (null, null);
            }
        }
    }

    public static async Task WriteAsync(RpcHttp http, HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = int.TryParse(http.StatusCode, out var status) ? status : StatusCodes.Status200OK;
        foreach (var (name, value) in http.Headers)
        {
            response.Headers[name] = value;
        }

        foreach (var cookie in http.Cookies)
        {
            response.Cookies.Append(cookie.Name, cookie.Value, new CookieOptions
            {
                Domain = cookie.Domain?.Value,
                Path = cookie.Path?.Value,
                Expires = cookie.Expires?.Value?.ToDateTimeOffset(),
                Secure = cookie.Secure?.Value ?? false,
                HttpOnly = cookie.HttpOnly?.Value ?? false,
                MaxAge = cookie.MaxAge?.Value is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                SameSite = cookie.SameSite switch
                {
                    RpcHttpCookie.Types.SameSite.Lax => SameSiteMode.Lax,
                    RpcHttpCookie.Types.SameSite.Strict => SameSiteMode.Strict,
                    RpcHttpCookie.Types.SameSite.ExplicitNone => SameSiteMode.None,
                    _ => SameSiteMode.Unspecified,
                },
            });
        }

        var body = http.Body;
        switch (body?.DataCase)
        {
            case TypedData.DataOneofCase.Bytes:
                await response.Body.WriteAsync(body.Bytes.Memory, cancellationToken).ConfigureAwait(false);
                break;
            case TypedData.DataOneofCase.Stream:
                await response.Body.WriteAsync(body.Stream.Memory, cancellationToken).ConfigureAwait(false);
                break;
            case TypedData.DataOneofCase.String:
                response.ContentType ??= "text/plain; charset=utf-8";
                await response.WriteAsync(body.String, cancellationToken).ConfigureAwait(false);
                break;
            case TypedData.DataOneofCase.Json:
                response.ContentType ??= "application/json; charset=utf-8";
                await response.WriteAsync(body.Json, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
