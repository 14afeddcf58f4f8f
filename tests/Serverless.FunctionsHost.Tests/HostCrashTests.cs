using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Testing;

namespace Serverless.FunctionsHost.Tests;

/// <summary>
/// The host process itself (func-local, with its worker) is SIGKILLed mid-orchestrations: the work it had dequeued
/// comes back when its queue messages become visible again (the test app's host.json sets DTFx's minimum, one
/// minute), and a new host completes every orchestration.
/// </summary>
public sealed class HostCrashTests(SharedHost shared, ITestOutputHelper output)
{
    [Fact]
    public async Task HostKilledMidOrchestrations_ANewHostCompletesThemAll()
    {
        var settings = TestApp.Settings(shared.Azurite, "hostkill");
        var port = Azurite.AzuriteProcess.FindFreePort();
        using var process = FuncLocalProcess.Start(TestApp.HostCliDirectory, TestApp.Directory, port, settings);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await Poll.UntilAsync(async () =>
        {
            try
            {
                return (await client.GetAsync(new Uri("api/pid", UriKind.Relative))).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the host process to answer", TimeSpan.FromSeconds(60));

        var ids = new List<string>();
        var lastStatus = "";
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.PostAsync(new Uri("api/start/Chain", UriKind.Relative), JsonContent.Create(new { Steps = 10, DelayMs = 100 }));
            var payload = await response.Content.ReadFromJsonAsync<JsonElement>();
            ids.Add(Property(payload, "Id"));
            lastStatus = Property(payload, "StatusQueryGetUri");
        }

        await Poll.UntilAsync(async () => Property(await client.GetFromJsonAsync<JsonElement>(new Uri(lastStatus)), "runtimeStatus") == "Running", "the chains to run");

        var workerPid = int.Parse(await client.GetStringAsync(new Uri("api/pid", UriKind.Relative)), System.Globalization.CultureInfo.InvariantCulture);
        var killedAt = Stopwatch.StartNew();
        // The host with its worker: a worker outlives a SIGKILLed host (nothing tells it), so the test kills both.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await Poll.UntilAsync(() => !Processes.IsAlive(workerPid), "the killed host's worker to be gone", TimeSpan.FromSeconds(10));

        await using var successor = await TestApp.StartAsync(settings);
        var client2 = await successor.GetDurableTaskClientAsync();
        foreach (var id in ids)
        {
            var result = await DurableTests.WaitAsync(client2, id, TimeSpan.FromMinutes(3));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.Equal(45, result.ReadOutputAs<int>());
        }

        output.WriteLine($"All {ids.Count} chains completed {killedAt.Elapsed.TotalSeconds:0.0} s after the host was killed.");
    }

    private static string Property(JsonElement element, string name) =>
        element.EnumerateObject().First(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value.GetString()!;
}
