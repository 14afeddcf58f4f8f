using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;
using Microsoft.Azure.WebJobs.Host.Config;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.FunctionsHost.Configuration;
using Serverless.FunctionsHost.Http;
using Serverless.FunctionsHost.Http.Keys;
using Serverless.FunctionsHost.WebJobs;
using Serverless.FunctionsHost.Worker;

namespace Serverless.FunctionsHost;

/// <summary>
/// Runs a built isolated-worker app as the Functions host does under <c>func start</c>: the worker process on a
/// FunctionRpc channel, its functions on the WebJobs SDK with the real host-side extensions, and its HTTP functions,
/// the Durable management API and the admin API on Kestrel. Start one per app (tests may start several), dispose it
/// to drain and stop.
/// </summary>
public sealed partial class LocalFunctionsHost : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly WorkerChannel _channel;
    private readonly List<Func<Task>> _stops = [];
    private readonly HttpInvocations _invocations;
    private readonly Lock _proxyLock = new();
    private volatile WorkerProxy? _proxy;
    private FunctionDispatcher? _dispatcher;
    private IHost? _webJobs;
    private IJobHost? _jobHost;
    private HostKeys? _keys;
    private WebApplication? _front;
    private bool _stopped;

    private LocalFunctionsHost(FunctionsHostOptions options, ILoggerFactory loggers, HostLogs logs, WorkerChannel channel)
    {
        Options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Host.General");
        Logs = logs;
        _channel = channel;
        _invocations = new HttpInvocations(() => Proxy);
    }

    public FunctionsHostOptions Options { get; }

    /// <summary>The host's log, kept in memory.</summary>
    public HostLogs Logs { get; }

    /// <summary>The HTTP front's address, e.g. http://127.0.0.1:7071/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The functions, as the start banner lists them.</summary>
    public IReadOnlyList<HostFunction> Functions { get; private set; } = [];

    /// <summary>The host id naming the app's blobs (keys, timer status, locks).</summary>
    public string HostId { get; private set; } = "";

    /// <summary>The running worker's process id (null between a crash and its restart).</summary>
    public int? WorkerProcessId => _channel.ProcessId;

    /// <summary>How many times the worker was restarted after it died.</summary>
    public int WorkerRestarts => _channel.Restarts;

    /// <summary>True when the worker runs the HTTP functions with ASP.NET Core integration (requests proxied to its Kestrel).</summary>
    public bool UsesAspNetCoreIntegration => Proxy is not null;

    /// <summary>
    /// The proxy to the running worker's own Kestrel (ASP.NET Core integration), or null with the built-in model. A
    /// restarted worker reports its new HttpUri in its init response; the proxy follows it.
    /// </summary>
    private AspNetCoreProxy? Proxy
    {
        get
        {
            if (!_channel.Capabilities.TryGetValue("HttpUri", out var httpUri) || !Uri.TryCreate(httpUri, UriKind.Absolute, out var workerHttp))
            {
                return null;
            }

            var current = _proxy;
            if (current is not null && current.Uri == workerHttp)
            {
                return current.Proxy;
            }

            lock (_proxyLock)
            {
                if (_proxy is not { } latest || latest.Uri != workerHttp)
                {
                    // The previous worker is gone, and so are the connections to it.
                    _proxy?.Proxy.Dispose();
                    _proxy = new WorkerProxy(workerHttp, new AspNetCoreProxy(workerHttp));
                }

                return _proxy.Proxy;
            }
        }
    }

    private sealed record WorkerProxy(Uri Uri, AspNetCoreProxy Proxy);

    /// <summary>Starts the app; throws <see cref="HostStartupException"/> naming what is wrong when it cannot.</summary>
    public static async Task<LocalFunctionsHost> StartAsync(FunctionsHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();

        // A set CONTAINER_NAME makes the Durable extension believe it runs on Linux Consumption (and print its event
        // logs to stdout); no local run is that.
        Environment.SetEnvironmentVariable("CONTAINER_NAME", null);
        var appDirectory = Path.GetFullPath(options.AppDirectory);
        var config = WorkerConfig.Load(appDirectory);
        var settings = AppSettings.Load(appDirectory, new Dictionary<string, string>(options.Settings), options.UseEnvironment);
        var hostJson = HostJson.Load(appDirectory, settings);
        var logs = new HostLogs();
        var configuration = BuildConfiguration(settings, hostJson);
        var loggers = LoggerFactory.Create(logging =>
        {
            // The storage SDK logs the 404s of queues and blobs the extensions create on first use as warnings.
            logging.AddFilter("Azure.Core", LogLevel.Error);

            // ASP.NET Core's request logs carry URLs, and URLs carry keys (?code=): the front, the worker channel and
            // the worker's own Kestrel log warnings and errors only, as the ASP.NET Core templates configure them.
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            logging.AddFilter("Grpc", LogLevel.Warning);
            logging.AddConfiguration(configuration.GetSection($"{HostJson.Section}:logging"));
            logging.AddProvider(logs);
            options.ConfigureLogging?.Invoke(logging);
        });
        if (string.IsNullOrWhiteSpace(settings.GetValueOrDefault("AzureWebJobsStorage")) && !settings.Keys.Any(k => k.StartsWith("AzureWebJobsStorage__", StringComparison.OrdinalIgnoreCase)))
        {
            throw new HostStartupException("Setting 'AzureWebJobsStorage' is missing: set it in local.settings.json's Values (UseDevelopmentStorage=true for Azurite) or in the environment.");
        }

        var channel = new WorkerChannel(new WorkerChannelOptions
        {
            Config = config,
            Environment = WorkerEnvironment(settings, appDirectory),
            StartTimeout = options.WorkerStartTimeout,
        }, loggers, TimeProvider.System);
        var host = new LocalFunctionsHost(options, loggers, logs, channel);
        try
        {
            await host.StartCoreAsync(appDirectory, configuration, hostJson, settings, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Log.HostStarted(host._logger, host.Functions.Count, host.WorkerProcessId, host.BaseAddress.ToString(), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return host;
    }

    private async Task StartCoreAsync(string appDirectory, IConfiguration configuration, HostJson hostJson, Dictionary<string, string> settings, CancellationToken cancellationToken)
    {
        foreach (var key in hostJson.IgnoredKeys)
        {
            Log.HostJsonKeyIgnored(_logger, key);
        }

        var (rpcServer, rpcUri) = await WorkerRpcServer.StartAsync(_channel, _loggers, cancellationToken).ConfigureAwait(false);
        _stops.Add(() => _channel.StopAsync(CancellationToken.None));
        _stops.Add(() => rpcServer.DisposeAsync().AsTask());
        await _channel.StartAsync(rpcUri, cancellationToken).ConfigureAwait(false);
        var descriptors = FunctionDescriptor.FromWorker(_channel.Functions);
        var routes = HttpRoute.From(descriptors, hostJson.RoutePrefix);
        await _channel.LoadFunctionsAsync(cancellationToken).ConfigureAwait(false);

        _dispatcher = new FunctionDispatcher(descriptors.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase), _channel, _invocations, _loggers.CreateLogger<FunctionDispatcher>());
        var generated = FunctionGenerator.Generate(descriptors);
        HostId = HostIds.Resolve(settings, Path.GetFileNameWithoutExtension(_channel.Functions.Count > 0 ? _channel.Functions[0].Metadata.ScriptFile : appDirectory));

        var webhook = new DurableWebhook(() => _webJobs!.Services.GetServices<IExtensionConfigProvider>().OfType<DurableTaskExtension>().Single());
        _front = HttpFront.Build(Options.ListenAddress, Options.HttpPort, new HttpFrontContext(routes, descriptors, _invocations, webhook, () => _jobHost, () => _keys, Options.EnableAuth, HostId), _loggers);
        try
        {
            await _front.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new HostStartupException($"The HTTP port {Options.HttpPort} on {Options.ListenAddress} is in use or cannot be bound ({ex.Message}); choose another with --port.", ex);
        }

        var address = _front.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal).TrimEnd('/') + "/");
        _stops.Insert(0, () => _front.StopAsync(CancellationToken.None));
        var routeOf = routes.ToDictionary(r => r.Function.Name, StringComparer.OrdinalIgnoreCase);
        Functions = [.. descriptors.Select(d => routeOf.TryGetValue(d.Name, out var route)
            ? new HostFunction(d.Name, d.Trigger.Type, route.Methods, new Uri(BaseAddress, route.Template))
            : new HostFunction(d.Name, d.Trigger.Type, [], null))];

        string? systemKey = null;
#pragma warning disable CS0618 // IWebHookProvider: see WebHookProvider.
        var webHooks = new WebHookProvider(() => BaseAddress, () => systemKey!);
#pragma warning restore CS0618
        _webJobs = WebJobsHostFactory.Build(configuration, generated, _dispatcher, HostId, hostJson.FunctionTimeout, webHooks, _loggers);
        var keys = new HostKeys(HostId, new KeyConfiguration(configuration), new SecretsStore(WebJobsHostFactory.HostingBlobs(_webJobs.Services)), TimeProvider.System, _loggers.CreateLogger("Host.Keys"));
        try
        {
            await keys.GetMasterKeyAsync(cancellationToken).ConfigureAwait(false);
            systemKey = await keys.GetOrCreateSystemKeyAsync(DurableWebhook.SystemKeyName, cancellationToken).ConfigureAwait(false);
        }
        catch (Azure.RequestFailedException ex)
        {
            throw new HostStartupException($"Cannot read or create the host keys in blob container '{SecretsStore.ContainerName}' of 'AzureWebJobsStorage' (host id '{HostId}'): {ex.Message}", ex);
        }

        try
        {
            await _webJobs.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException || ex.GetType().Name.Contains("Indexing", StringComparison.Ordinal))
        {
            throw new HostStartupException($"The WebJobs host could not start the app's functions: {ex.Message}", ex);
        }

        _stops.Insert(1, () => _webJobs.StopAsync(CancellationToken.None));
        _jobHost = _webJobs.Services.GetRequiredService<IJobHost>();
        _keys = keys;
    }

    /// <summary>Drains and stops: the HTTP front stops taking requests, listeners stop, running invocations finish, the worker terminates.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        Log.HostStopping(_logger);
        foreach (var stop in _stops)
        {
            try
            {
                await stop().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or ObjectDisposedException)
            {
                // Stopping what did not fully start.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _webJobs?.Dispose();
        if (_front is not null)
        {
            await _front.DisposeAsync().ConfigureAwait(false);
        }

        _proxy?.Proxy.Dispose();
        await _channel.DisposeAsync().ConfigureAwait(false);
        _loggers.Dispose();
    }

    /// <summary>
    /// Kills the worker process (SIGKILL, as a crash or the OOM killer would: its own child processes, such as local jobs,
    /// live on); the host restarts it and re-sends what it held.
    /// </summary>
    public void KillWorker() => _channel.KillWorker();

    private static IConfiguration BuildConfiguration(Dictionary<string, string> settings, HostJson hostJson)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsConfigurationSection"] = HostJson.Section,
        };
        foreach (var (key, value) in hostJson.Values)
        {
            values[key] = value;
        }

        foreach (var (name, value) in settings)
        {
            values[name.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static Dictionary<string, string> WorkerEnvironment(Dictionary<string, string> settings, string appDirectory)
    {
        var environment = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase)
        {
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory,
            ["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory,
            ["AzureWebJobsScriptRoot"] = appDirectory,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
        };

        // The host drops Microsoft.AspNetCore information logs (their URLs carry keys); the worker need not send them
        // (a fifth of its CPU per proxied request). A setting of the app's own for it wins.
        environment.TryAdd("Logging__LogLevel__Microsoft.AspNetCore", "Warning");
        return environment;
    }
}
