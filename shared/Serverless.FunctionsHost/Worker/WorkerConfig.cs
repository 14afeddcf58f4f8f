using System.Text.Json;

namespace Serverless.FunctionsHost.Worker;

/// <summary>
/// worker.config.json of a built isolated-worker app: how the Functions host starts its worker
/// (<c>{"description": {"defaultExecutablePath": "dotnet", "defaultWorkerPath": "App.dll", ...}}</c>).
/// </summary>
internal sealed record WorkerConfig(string AppDirectory, string ExecutablePath, string? WorkerPath, IReadOnlyList<string> Arguments)
{
    public const string FileName = "worker.config.json";

    public static WorkerConfig Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new HostStartupException(
                $"'{path}' does not exist: '{appDirectory}' is not the build output of an isolated-worker app " +
                "(build the app with Microsoft.Azure.Functions.Worker.Sdk and point the host at its output folder).");
        }

        JsonElement description;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            description = document.RootElement.GetProperty("description").Clone();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HostStartupException($"'{path}' is not a worker configuration (expected {{\"description\": {{...}}}}): {ex.Message}", ex);
        }

        var executable = String(description, "defaultExecutablePath") ?? "dotnet";
        var worker = String(description, "defaultWorkerPath");
        var arguments = description.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.Array
            ? args.EnumerateArray().Select(a => a.GetString() ?? "").Where(a => a.Length > 0).ToArray()
            : [];
        if (worker is not null && !File.Exists(Path.Combine(appDirectory, worker)))
        {
            throw new HostStartupException($"'{path}' names worker '{worker}', which is not in '{appDirectory}'.");
        }

        return new WorkerConfig(appDirectory, executable, worker, arguments);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
