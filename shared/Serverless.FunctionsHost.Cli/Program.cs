using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Serverless.Azurite;
using Serverless.FunctionsHost;
using Serverless.FunctionsHost.Cli;

// The local Functions host: runs a built isolated-worker app as `func start` would, where Core Tools is absent.
CommandLine command;
try
{
    command = CommandLine.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"{ex.Message}{Environment.NewLine}{CommandLine.Usage}");
    return 2;
}

// A set CONTAINER_NAME makes the Durable extension believe it runs on Linux Consumption (and print its event logs).
Environment.SetEnvironmentVariable("CONTAINER_NAME", null);

// SIGINT (Ctrl+C) and SIGTERM drain and stop; a second one ends the process at once, and its worker with it (nothing
// else would stop a worker whose host is gone). The token source and the registrations live as long as the process.
var stop = new CancellationTokenSource();
LocalFunctionsHost? started = null;
void OnStopSignal(PosixSignalContext context)
{
    if (stop.IsCancellationRequested && started?.WorkerProcessId is { } worker)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(worker);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }

    context.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);

var azurite = await DevelopmentStorage.StartIfNeededAsync(command.ScriptRoot, stop.Token).ConfigureAwait(false);
await using var stopAzurite = azurite.ConfigureAwait(false);
LocalFunctionsHost host;
try
{
    host = await LocalFunctionsHost.StartAsync(new FunctionsHostOptions
    {
        AppDirectory = command.ScriptRoot,
        HttpPort = command.Port ?? LocalSettingsPort.Read(command.ScriptRoot) ?? 7071,
        ListenAddress = command.Listen,
        EnableAuth = command.EnableAuth,
        ConfigureLogging = logging => logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "[HH:mm:ss.fff] ";
        }),
    }, stop.Token).ConfigureAwait(false);
}
catch (HostStartupException ex)
{
    Console.Error.WriteLine($"The host cannot start: {ex.Message}");
    return 1;
}
catch (Exception) when (stop.IsCancellationRequested)
{
    // Stopped while starting: what had started was stopped with the start.
    Console.WriteLine("Stopped before the host had started.");
    return 0;
}

started = host;
await using (host.ConfigureAwait(false))
{
    Console.WriteLine();
    Console.WriteLine(Banner.Text(host));
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
    }
    catch (OperationCanceledException)
    {
        Console.WriteLine("Stopping: running invocations finish first (Ctrl+C again to kill).");
    }
}

return 0;
