using System.Net;
using Microsoft.Extensions.Logging;

namespace Serverless.FunctionsHost;

/// <summary>How to run a built isolated-worker app on the local host.</summary>
public sealed class FunctionsHostOptions
{
    /// <summary>The app's build output: the folder with worker.config.json, functions.metadata and host.json.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>App settings that win over local.settings.json and the environment (a test's storage connection, queue names).</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether environment variables override local.settings.json's Values, as under func start. Tests turn it off.</summary>
    public bool UseEnvironment { get; init; } = true;

    /// <summary>The HTTP front's port; 0 picks a free one (see <see cref="LocalFunctionsHost.BaseAddress"/>).</summary>
    public int HttpPort { get; init; } = 7071;

    /// <summary>Where the HTTP front listens: loopback unless told otherwise.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// Check function keys as Azure does (func start's <c>--enableAuth</c>). Off by default, as under func start: HTTP
    /// functions then answer without keys. The admin API always needs the master key and the Durable management API
    /// its system key.
    /// </summary>
    public bool EnableAuth { get; init; }

    /// <summary>Where the host's logs go besides <see cref="LocalFunctionsHost.Logs"/> (the console, a test's output).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>How long the worker may take to connect and load its functions.</summary>
    public TimeSpan WorkerStartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
