using System.Diagnostics;
using System.Globalization;

namespace Serverless.Testing;

/// <summary>The local host as users run it: <c>func-local</c> in a process of its own, its settings as environment variables.</summary>
public static class FuncLocalProcess
{
    /// <summary>Starts <c>dotnet {cliDirectory}/func-local.dll --script-root {appDirectory} --port {port}</c>; its output is read and dropped.</summary>
    public static Process Start(string cliDirectory, string appDirectory, int port, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(cliDirectory, "func-local.dll"), "--script-root", appDirectory, "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start func-local from {cliDirectory}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
