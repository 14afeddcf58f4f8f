using Microsoft.AspNetCore.Http;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;
using Microsoft.Azure.WebJobs.Host.Config;

namespace Serverless.FunctionsHost.Http;

/// <summary>
/// The Durable extension's HTTP management API at <c>/runtime/webhooks/durabletask/...</c>: requests go to the
/// extension as absolute-URI HttpRequestMessages, as the Functions host hands them over. Its base URL, with the
/// <c>durabletask_extension</c> system key as <c>code</c>, is what the status URLs in a 202 body point at.
/// </summary>
internal sealed class DurableWebhook
{
    public const string Path = "runtime/webhooks/durabletask";
    public const string SystemKeyName = "durabletask_extension";

    private readonly Func<DurableTaskExtension> _extension;

    public DurableWebhook(Func<DurableTaskExtension> extension) => _extension = extension;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}");
        if (request.ContentLength > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            message.Content = new StreamContent(request.Body);
            if (request.ContentType is { } contentType)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var (name, values) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        var converter = (IAsyncConverter<HttpRequestMessage, HttpResponseMessage>)_extension();
        using var response = await converter.ConvertAsync(message, context.RequestAborted).ConfigureAwait(false);
        await AspNetCoreProxy.CopyAsync(response, context.Response, context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>Gives extensions their webhook base URL, as the Functions host does: <c>{host}/runtime/webhooks/{name}?code={system key}</c>.</summary>
#pragma warning disable CS0618 // IWebHookProvider is how the Functions host gives extensions their webhook URL; WebJobs marks it internal-use.
internal sealed class WebHookProvider(Func<Uri> baseUrl, Func<string> systemKey) : IWebHookProvider
{
    public Uri GetUrl(IExtensionConfigProvider extension) =>
        extension is DurableTaskExtension
            ? new Uri(baseUrl(), $"{DurableWebhook.Path}?code={Uri.EscapeDataString(systemKey())}")
            : throw new NotSupportedException($"This host gives webhooks to the Durable extension only, not to {extension.GetType().Name}.");
}
#pragma warning restore CS0618
