using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Jobs.ContainerApps;

/// <summary>
/// The Container Apps job operations of Azure Resource Manager that the launcher uses: start an execution with a
/// template override, read an execution, stop an execution. Requests go through an Azure.Core pipeline: bearer token
/// from a <see cref="TokenCredential"/>, retries with backoff that honour Retry-After on 429 and 5xx.
/// </summary>
internal sealed class ArmJobsClient
{
    private readonly HttpPipeline _pipeline;
    private readonly ContainerAppsJobsOptions _options;
    private readonly TimeProvider _time;

    public ArmJobsClient(ContainerAppsJobsOptions options, TokenCredential credential, TimeProvider time, HttpPipelineTransport? transport = null)
    {
        _options = options;
        _time = time;
        var clientOptions = new ArmPipelineOptions();
        clientOptions.Retry.MaxRetries = 5;
        clientOptions.Retry.Delay = TimeSpan.FromSeconds(1);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(60);
        clientOptions.Retry.Mode = RetryMode.Exponential;
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        var scope = string.IsNullOrWhiteSpace(options.ArmScope) ? "https://management.azure.com/.default" : options.ArmScope;
        _pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(credential, scope));
    }

    /// <summary>The job's resource path: <c>/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/jobs/{job}</c>.</summary>
    public string JobPath =>
        $"/subscriptions/{Uri.EscapeDataString(_options.SubscriptionId!)}/resourceGroups/{Uri.EscapeDataString(_options.ResourceGroup!)}" +
        $"/providers/Microsoft.App/jobs/{Uri.EscapeDataString(_options.JobName!)}";

    /// <summary>Starts an execution with <paramref name="template"/> as the template override; returns the execution's name.</summary>
    public async Task<string> StartAsync(JsonObject template, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Post, Url($"{JobPath}/start"), template, "start an execution of", cancellationToken)
            .ConfigureAwait(false);
        if (NameOf(response) is { } name)
        {
            return name;
        }

        // 202 without a body: follow the operation's Location until it answers with the execution.
        var location = response.Headers.TryGetValue("Location", out var value) ? value : null;
        while (location is not null)
        {
            await Task.Delay(RetryAfter(response), _time, cancellationToken).ConfigureAwait(false);
            response = await SendAsync(RequestMethod.Get, new Uri(location), null, "follow the start operation of", cancellationToken)
                .ConfigureAwait(false);
            if (NameOf(response) is { } started)
            {
                return started;
            }

            location = response.Status == 202 && response.Headers.TryGetValue("Location", out var next) ? next : null;
        }

        throw new ArmRequestException(response.Status, null,
            $"Starting an execution of Container Apps job '{_options.JobName}' answered {response.Status} without an execution name.");
    }

    /// <summary>The execution's status (Running, Processing, Succeeded, Failed, Stopped, Degraded, Unknown).</summary>
    public async Task<string> GetStatusAsync(string execution, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Get, Url($"{JobPath}/executions/{Uri.EscapeDataString(execution)}"), null,
            $"read execution '{execution}' of", cancellationToken).ConfigureAwait(false);
        var body = Parse(response);
        return body?["properties"]?["status"]?.GetValue<string>() ?? "Unknown";
    }

    public async Task StopAsync(string execution, CancellationToken cancellationToken)
    {
        await SendAsync(RequestMethod.Post, Url($"{JobPath}/executions/{Uri.EscapeDataString(execution)}/stop"), null,
            $"stop execution '{execution}' of", cancellationToken).ConfigureAwait(false);
    }

    private Uri Url(string path) =>
        new(_options.ArmEndpoint, $"{path}?api-version={Uri.EscapeDataString(_options.ApiVersion)}");

    private async Task<Response> SendAsync(RequestMethod method, Uri uri, JsonNode? body, string what, CancellationToken cancellationToken)
    {
        var message = _pipeline.CreateMessage(); // not disposed here: disposing it would dispose the returned response
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("Accept", "application/json");
        if (body is not null || method == RequestMethod.Post)
        {
            message.Request.Headers.Add("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(BinaryData.FromString(body?.ToJsonString() ?? "{}"));
        }

        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status is >= 200 and < 300)
        {
            return response;
        }

        var error = Parse(response)?["error"];
        var code = error?["code"]?.GetValue<string>();
        var text = error?["message"]?.GetValue<string>() ?? response.ReasonPhrase;
        throw new ArmRequestException(response.Status, code,
            $"Could not {what} Container Apps job '{_options.JobName}' ({method} {uri.GetLeftPart(UriPartial.Path)}): " +
            $"{response.Status} {code}: {text}");
    }

    private static JsonNode? Parse(Response response)
    {
        if (response.Content is null || response.Content.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(response.Content.ToString());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? NameOf(Response response) =>
        response.Status is 200 or 201 or 202 ? Parse(response)?["name"]?.GetValue<string>() : null;

    private static TimeSpan RetryAfter(Response response) =>
        response.Headers.TryGetValue("Retry-After", out var text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(1);

    private sealed class ArmPipelineOptions : ClientOptions;
}

/// <summary>An Azure Resource Manager request failed; carries ARM's status, error code and message.</summary>
public sealed class ArmRequestException(int status, string? errorCode, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;
}
