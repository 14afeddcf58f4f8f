using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Host.Hosting;
using Serverless.Host.Http.Functions;
using Serverless.Host.Indexing;
using Serverless.Host.Invocation;
using Serverless.Worker;

namespace Serverless.Host.Http.Admin;

/// <summary>
/// POST /admin/functions/{name}: runs a non-HTTP function now, in the background (202), as Functions does. The input
/// string binds to the trigger parameter when its type allows it generically: string, byte[], BinaryData, TimerInfo
/// (not past due) or an app-defined class read from the input as JSON. Other trigger types answer 400. Stopping the
/// host waits for these runs like any other invocation.
/// </summary>
internal sealed class AdminInvocations(FunctionCatalog catalog, IFunctionExecutor executor, ILogger<AdminInvocations> logger) : IHostedService
{
    private static readonly string[] FrameworkPrefixes = ["System", "Microsoft", "Azure", "netstandard", "mscorlib"];

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];

    public async Task<IResult> InvokeAsync(string name, HttpContext http)
    {
        var function = catalog.Find(name);
        if (function is null)
        {
            return Problem(StatusCodes.Status404NotFound, "Not Found", $"No function named '{name}'.", name);
        }

        if (function.TriggerBinding is HttpTriggerBinding)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad Request", $"'{function.Name}' is an HTTP function: call it on its route.", function.Name);
        }

        string? input;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            input = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("input", out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : null;
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad Request", $"The body must be JSON such as {{\"input\": \"...\"}}: {ex.Message}", function.Name);
        }

        object? trigger;
        try
        {
            trigger = Convert(function, input);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad Request",
                $"The input cannot be read as {function.TriggerParameter.ParameterType.Name}: {ex.Message}", function.Name);
        }
        catch (NotSupportedException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad Request", ex.Message, function.Name);
        }

        Log.AdminInvoke(logger, function.Name);
        var invocation = new TriggerInvocation(_ => ValueTask.FromResult(trigger), new Dictionary<string, object?>(), HttpFunctionHandler.Reason);
        var run = executor.ExecuteAsync(function, invocation, _stopping.Token);
        lock (_running)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(run);
        }

        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    internal static object? Convert(FunctionDescriptor function, string? input)
    {
        var type = function.TriggerParameter.ParameterType;
        if (type == typeof(string))
        {
            return input;
        }

        if (type == typeof(byte[]))
        {
            return input is null ? null : System.Text.Encoding.UTF8.GetBytes(input);
        }

        if (type == typeof(BinaryData))
        {
            return input is null ? null : BinaryData.FromString(input);
        }

        if (type == typeof(TimerInfo))
        {
            return new TimerInfo { IsPastDue = false };
        }

        if (type.IsClass && !type.IsAbstract && IsAppType(type))
        {
            return input is null ? null : JsonSerializer.Deserialize(input, type, WorkerJson.Options);
        }

        throw new NotSupportedException(
            $"Running '{function.Name}' from the admin API is not supported for this trigger ({function.TriggerType}, parameter type {type.Name}): " +
            "only string, byte[], BinaryData, TimerInfo or an app-defined class read from JSON can take the input.");
    }

    /// <summary>A type of the app, not of the framework, the SDKs, the programming model or a host extension (trigger context types).</summary>
    private static bool IsAppType(Type type)
    {
        var assembly = type.Assembly;
        var name = assembly.GetName().Name ?? string.Empty;
        return !FrameworkPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
               && assembly != typeof(FunctionAttribute).Assembly
               && assembly != typeof(FunctionCatalog).Assembly
               && !assembly.IsDefined(typeof(ServerlessExtensionAttribute), inherit: false);
    }

    private static IResult Problem(int status, string title, string detail, string function) =>
        Results.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["function"] = function });
}
