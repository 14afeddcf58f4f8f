using Microsoft.AspNetCore.Http;

namespace Serverless.FunctionsHost.Http.Keys;

/// <summary>Where a request carries its key: the x-functions-key header, else the code query parameter.</summary>
internal static class RequestKeys
{
    public const string Header = "x-functions-key";
    public const string QueryParameter = "code";

    public static string? Get(HttpRequest request)
    {
        if (request.Headers.TryGetValue(Header, out var header) && !string.IsNullOrEmpty(header.ToString()))
        {
            return header.ToString();
        }

        return request.Query.TryGetValue(QueryParameter, out var code) && !string.IsNullOrEmpty(code.ToString()) ? code.ToString() : null;
    }
}
