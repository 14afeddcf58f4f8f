using System.Diagnostics;
using System.Globalization;
using Serverless.Azurite;
using Serverless.Testing;

namespace Serverless.Benchmarks;

/// <summary>
/// The run's one Azurite (free loopback ports) with its debug log on, so storage requests can be counted. Started here
/// rather than through <see cref="AzuriteProcess"/>, whose options have no <c>--debug</c> file. Its data goes to a temp
/// folder, not <c>--inMemoryPersistence</c>: in memory, Azurite 3.37 keeps one extent per queue message and its queue
/// GC (every 60 s) deletes them one by one with a scan each, blocking the event loop (43 s for 2,429 of 4,431 extents
/// here, which froze every client); on disk the extents are few and the GC takes milliseconds.
/// </summary>
internal sealed class DebugAzurite : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private DebugAzurite(Process process, string directory, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _directory = directory;
        LogFile = Path.Combine(directory, "debug.log");
        ConnectionString = AzuriteProcess.ConnectionStringFor(blobPort, queuePort, tablePort);
    }

    public string ConnectionString { get; }

    public string LogFile { get; }

    public int ProcessId => _process.Id;

    public static async Task<DebugAzurite> StartAsync(CancellationToken cancellationToken)
    {
        var script = AzuriteProcess.FindAzuriteScript([AzuriteFixture.RepositoryRoot, Directory.GetCurrentDirectory()])
            ?? throw new InvalidOperationException($"node_modules/azurite is missing above {AzuriteFixture.RepositoryRoot}: run 'npm ci' there.");
        var directory = Path.Combine(Path.GetTempPath(), "serverless-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var ports = AzuriteProcess.FindFreePorts(3);
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            script,
            "--blobHost", "127.0.0.1", "--blobPort", Port(ports[0]),
            "--queueHost", "127.0.0.1", "--queuePort", Port(ports[1]),
            "--tableHost", "127.0.0.1", "--tablePort", Port(ports[2]),
            "--location", Path.Combine(directory, "data"), "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry",
            "--debug", Path.Combine(directory, "debug.log"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new DebugAzurite(process, directory, ports[0], ports[1], ports[2]);
        var deadline = Stopwatch.StartNew();
        while (!(await AzuriteProcess.IsListeningAsync(ports[0], cancellationToken) && await AzuriteProcess.IsListeningAsync(ports[1], cancellationToken) && await AzuriteProcess.IsListeningAsync(ports[2], cancellationToken)))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                await azurite.DisposeAsync();
                throw new InvalidOperationException($"Azurite did not listen on {string.Join('/', ports)} within 30 s (exited: {process.HasExited}).");
            }

            await Task.Delay(50, cancellationToken);
        }

        return azurite;
    }

    /// <summary>Where the log ends now: a window of requests starts here (see <see cref="ReadRequestsAsync"/>).</summary>
    public long LogPosition => new FileInfo(LogFile).Length;

    /// <summary>
    /// The requests Azurite logged with a timestamp in [from, to], read from <paramref name="position"/> on (taken before
    /// <paramref name="from"/>). Waits until the log has a line past <paramref name="to"/>, as it is written behind.
    /// </summary>
    public async Task<IReadOnlyList<StorageRequest>> ReadRequestsAsync(long position, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var requests = new List<StorageRequest>();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            requests.Clear();
            var past = false;
            await using (var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                stream.Position = position;
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (line.Length < 24 || !DateTime.TryParseExact(line.AsSpan(0, 24), "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
                    {
                        continue;
                    }

                    past |= at > to;
                    if (at >= from && at <= to && StorageRequest.TryParse(line, out var request))
                    {
                        requests.Add(request);
                    }
                }
            }

            if (past || waited.Elapsed > TimeSpan.FromSeconds(5))
            {
                return requests;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A log still open somewhere: the temp folder keeps it.
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
