using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Serverless.Azurite;

/// <summary>
/// One Azurite process on loopback. Started from the repository's node_modules (package.json pins the version),
/// stopped with its whole process tree on dispose.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The well-known key of Azurite's devstoreaccount1 account (public, documented by Microsoft).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const string DevelopmentAccountName = "devstoreaccount1";

    private readonly Process _process;
    private readonly StringWriterBuffer _output;

    private AzuriteProcess(Process process, StringWriterBuffer output, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The process id, so a caller can tell whether it still runs.</summary>
    public int ProcessId => _process.Id;

    /// <summary>A connection string for the development account on this process's ports.</summary>
    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccountName};AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{DevelopmentAccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{DevelopmentAccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{DevelopmentAccountName};";

    /// <summary>True when something accepts TCP connections on 127.0.0.1 at the port.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>A port nothing listens on right now.</summary>
    public static int FindFreePort() => FindFreePorts(1)[0];

    /// <summary>Distinct ports nothing listens on right now: all are held open together, so none is handed out twice.</summary>
    public static int[] FindFreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>Finds node_modules/azurite/dist/src/azurite.js above one of the folders, or null.</summary>
    public static string? FindAzuriteScript(IEnumerable<string> searchFrom)
    {
        foreach (var start in searchFrom)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(script))
                {
                    return script;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Starts Azurite and waits until its three endpoints accept connections. With free ports chosen here (0 in the
    /// options), a start that loses a port to another process in the meantime is retried on new ports.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(AzuriteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dynamicPorts = options.BlobPort == 0 || options.QueuePort == 0 || options.TablePort == 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex) when (dynamicPorts && attempt < 3 && ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // Another process took one of the ports between choosing and binding it: choose again.
            }
        }
    }

    private static async Task<AzuriteProcess> StartOnceAsync(AzuriteOptions options, CancellationToken cancellationToken)
    {
        var searchFrom = options.SearchFrom.Count > 0
            ? options.SearchFrom
            : [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];
        var script = FindAzuriteScript(searchFrom) ?? throw new InvalidOperationException(
            "Azurite is not installed: node_modules/azurite was not found above " + string.Join(" or ", searchFrom) +
            ". Run 'npm install' in the repository root (package.json pins azurite).");

        var free = FindFreePorts(3);
        var blobPort = options.BlobPort == 0 ? free[0] : options.BlobPort;
        var queuePort = options.QueuePort == 0 ? free[1] : options.QueuePort;
        var tablePort = options.TablePort == 0 ? free[2] : options.TablePort;

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            script,
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (options.DataLocation is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(options.DataLocation);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(options.DataLocation);
            start.ArgumentList.Add("--silent");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var output = new StringWriterBuffer();
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, output, blobPort, queuePort, tablePort);

        var deadline = DateTime.UtcNow + options.StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                // Let the output readers drain, so the message carries Azurite's last words (EADDRINUSE ...).
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} at start:{Environment.NewLine}{output}");
            }

            if (await IsListeningAsync(blobPort, cancellationToken).ConfigureAwait(false)
                && await IsListeningAsync(queuePort, cancellationToken).ConfigureAwait(false)
                && await IsListeningAsync(tablePort, cancellationToken).ConfigureAwait(false))
            {
                return azurite;
            }

            if (DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync().ConfigureAwait(false);
                throw new TimeoutException($"Azurite did not listen on ports {blobPort}/{queuePort}/{tablePort} within {options.StartTimeout}:{Environment.NewLine}{output}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    public override string ToString() => _output.ToString();

    /// <summary>The last lines Azurite printed, for error messages.</summary>
    private sealed class StringWriterBuffer
    {
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > 50)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }
}
