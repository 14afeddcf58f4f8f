using System.Diagnostics;
using System.Globalization;
using Serverless.Testing;

namespace Serverless.FunctionsHost.Tests;

/// <summary>func-local as users stop it: a second SIGTERM (or Ctrl+C) during the drain ends it at once, and its worker with it.</summary>
public sealed class StopSignalTests(SharedHost shared)
{
    [Fact]
    public async Task SecondSigtermWhileDraining_HostEndsAtOnceAndLeavesNoWorker()
    {
        var port = Azurite.AzuriteProcess.FindFreePort();
        using var process = FuncLocalProcess.Start(TestApp.HostCliDirectory, TestApp.Directory, port, TestApp.Settings(shared.Azurite, "signals"));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var workerPid = 0;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                workerPid = int.Parse(await client.GetStringAsync(new Uri("api/pid", UriKind.Relative)), CultureInfo.InvariantCulture);
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the host process to answer", TimeSpan.FromSeconds(60));

        // The first signal starts the drain (listeners, the Durable worker: seconds); the second comes during it.
        await SignalAsync(process.Id);
        await SignalAsync(process.Id);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        await Poll.UntilAsync(() => !Processes.IsAlive(workerPid), "the host's worker to be gone with it", TimeSpan.FromSeconds(10));
    }

    private static async Task SignalAsync(int pid)
    {
        using var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}
