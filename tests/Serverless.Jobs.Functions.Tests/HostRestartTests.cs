using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask;
using Serverless.DurableTask.Client;
using Serverless.Testing;

namespace Serverless.Jobs.Functions.Tests;

/// <summary>A host that stops while a CPU-bound task's job runs loses nothing: the next host resumes the wait.</summary>
public sealed class HostRestartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task HostRestart_WhileJobRuns_OrchestrationCompletesAndJobRanOnce()
    {
        var settings = JobsHosts.Settings(inMemory: false);
        var hub = JobsHosts.HubJson();
        var folder = Directory.CreateTempSubdirectory("jobsfx-restart-").FullName;
        var input = new HoldInput(Path.Combine(folder, "starts.txt"), Path.Combine(folder, "release"), "forty-two");
        string instanceId;

        await using (var first = await JobsHosts.StartAsync(azurite, settings, hub))
        {
            instanceId = await first.Services.GetRequiredService<DurableTaskClient>()
                .ScheduleNewOrchestrationInstanceAsync("call_hold", input, cancellation: TestContext.Current.CancellationToken);
            await Poll.UntilAsync(() => File.Exists(input.StartsFile), "the held job to start", TimeSpan.FromSeconds(60));
            await first.StopAsync();
        }

        await using var second = await JobsHosts.StartAsync(azurite, settings, hub);
        await File.WriteAllTextAsync(input.ReleaseFile, "go", TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var done = await second.Services.GetRequiredService<DurableTaskClient>()
            .WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        Assert.Equal("forty-two", done.ReadOutputAs<string>());
        Assert.Single(await File.ReadAllLinesAsync(input.StartsFile, TestContext.Current.CancellationToken));
        var container = new BlobContainerClient(azurite.ConnectionString, settings["Serverless:Jobs:ContainerName"]);
        var runs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            if (blob.Name.EndsWith("/run.json", StringComparison.Ordinal))
            {
                runs.Add(blob.Name);
            }
        }

        Assert.Single(runs);
    }
}
