using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Jobs.Tests.TestSupport;

/// <summary>
/// A local stand-in for Azure Resource Manager's Container Apps job operations, on 127.0.0.1 over HTTPS (the bearer
/// token policy refuses plain HTTP). It checks path, api-version and token like ARM, answers with ARM's shapes
/// (202 + execution name, execution resources, <c>{"error":{"code","message"}}</c>) and can be scripted.
/// </summary>
internal sealed class FakeArm : IAsyncDisposable
{
    public const string Token = "test-token";
    public const string Subscription = "6f1b0c5e-0000-4000-8000-000000000001";
    public const string ResourceGroup = "rg-jobs";
    public const string Job = "cpu-job";
    public const string ApiVersion = "2024-03-01";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private int _executions;

    private FakeArm(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request as received: method, path, api-version, Authorization header, body.</summary>
    public ConcurrentQueue<(string Method, string Path, string? ApiVersion, string? Authorization, string Body)> Requests { get; } = new();

    /// <summary>Responses served to start requests before the normal 202 (status, ARM error code or null, Retry-After).</summary>
    public ConcurrentQueue<(int Status, string? ErrorCode, string? RetryAfter)> ScriptedStarts { get; } = new();

    /// <summary>Called with each accepted start's execution name and body.</summary>
    public Action<string, JsonNode>? OnStarted { get; set; }

    /// <summary>The status an execution reports; default Running.</summary>
    public Func<string, string> StatusOf { get; set; } = _ => "Running";

    public ConcurrentQueue<string> Stopped { get; } = new();

    /// <summary>Called with each stopped execution's name.</summary>
    public Action<string>? OnStopped { get; set; }

    public HttpPipelineTransport Transport => new HttpClientTransport(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == _certificate.GetCertHashString() },
    });

    public static async Task<FakeArm> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var arm = new FakeArm(app, certificate);
        const string jobPath = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/jobs/{job}";
        app.Use(arm.CheckAsync);
        app.MapPost(jobPath + "/start", (Delegate)arm.StartExecutionAsync);
        app.MapGet(jobPath + "/executions/{execution}", (string execution) => arm.Execution(execution));
        app.MapPost(jobPath + "/executions/{execution}/stop", (string execution) =>
        {
            arm.Stopped.Enqueue(execution);
            arm.OnStopped?.Invoke(execution);
            return Results.Ok();
        });
        app.MapFallback(() => Error(404, "ResourceNotFound", "The resource was not found."));
        await app.StartAsync();
        arm.Endpoint = new Uri(app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return arm;
    }

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    /// <summary>Records the request; refuses a wrong token, api-version, subscription, group or job as ARM does.</summary>
    private async Task CheckAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        context.Request.Body.Position = 0;
        var authorization = context.Request.Headers.Authorization.ToString();
        var apiVersion = context.Request.Query["api-version"].ToString();
        Requests.Enqueue((context.Request.Method, context.Request.Path.Value!, apiVersion, authorization, body));
        var path = context.Request.Path.Value!;
        IResult? refusal = authorization != $"Bearer {Token}"
            ? Error(401, "InvalidAuthenticationToken", "The access token is invalid.")
            : apiVersion != ApiVersion
                ? Error(400, "InvalidApiVersionParameter", $"The api-version '{apiVersion}' is invalid.")
                : !path.StartsWith($"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.App/jobs/{Job}/", StringComparison.OrdinalIgnoreCase)
                    ? Error(404, "ResourceNotFound", $"The Resource 'Microsoft.App/jobs' under '{path}' was not found.")
                    : null;
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private async Task<IResult> StartExecutionAsync(HttpContext context)
    {
        if (ScriptedStarts.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = scripted.RetryAfter;
            }

            return Error(scripted.Status, scripted.ErrorCode ?? "TooManyRequests", $"Scripted {scripted.Status}.");
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        if (body?["containers"]?[0]?["image"] is null)
        {
            return Error(400, "InvalidRequestContent", "containers[0].image is required.");
        }

        var name = $"{Job}-{Interlocked.Increment(ref _executions):D3}x";
        OnStarted?.Invoke(name, body);
        var id = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.App/jobs/{Job}/executions/{name}";
        context.Response.Headers.Location = $"{Endpoint}providers/Microsoft.App/locations/westeurope/containerappOperationStatuses/{name}";
        return Results.Json(new { id, name }, statusCode: 202);
    }

    private IResult Execution(string execution) =>
        Results.Json(new
        {
            id = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.App/jobs/{Job}/executions/{execution}",
            name = execution,
            type = "Microsoft.App/jobs/executions",
            properties = new { status = StatusOf(execution), startTime = DateTimeOffset.UtcNow.AddSeconds(-1) },
        });

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
