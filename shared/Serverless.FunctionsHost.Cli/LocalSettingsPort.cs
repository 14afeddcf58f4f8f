using System.Text.Json;

namespace Serverless.FunctionsHost.Cli;

/// <summary>local.settings.json's Host.LocalHttpPort, func start's default port.</summary>
internal static class LocalSettingsPort
{
    public static int? Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "local.settings.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("Host", out var host) && host.TryGetProperty("LocalHttpPort", out var port) && port.TryGetInt32(out var value)
            ? value
            : null;
    }
}
