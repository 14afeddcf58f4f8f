using Serverless.Tasks.Functions.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>
/// run_after and run_before chains as Durable orchestrations on the real worker: results passed on, prerequisites in
/// parallel before their task, a failed prerequisite failing the chain with the reason, and a worker killed mid-chain.
/// </summary>
public sealed class TaskChainTests(TasksApp app) : IClassFixture<TasksApp>
{
    [Fact]
    public async Task RunAfter_ExtractTransformLoad_EachResultIsTheNextParameters()
    {
        var root = await app.EnqueueAsync("chain_extract", new { value = 1 });

        var load = await app.WaitForRunAsync($"{root}.after.chain_transform.after.chain_load", r => TasksApp.Status(r) == "Succeeded", "the load step succeeded");

        Assert.Equal(21, load.GetProperty("result").GetInt32());
        Assert.Equal("Succeeded", TasksApp.Status(await app.GetRunAsync(root)));
    }

    [Fact]
    public async Task RunAfter_WorkerKilledMidChain_ResumesWhereItStopped()
    {
        var root = await app.EnqueueAsync("chain_extract", new { value = 1, block = true });
        var transform = $"{root}.after.chain_transform";
        await Poll.UntilAsync(() => File.Exists(Path.Combine(app.Markers.FullName, $"{transform}.1")), "the transform step started", TimeSpan.FromSeconds(60));

        app.Host.KillWorker();

        var load = await app.WaitForRunAsync($"{transform}.after.chain_load", r => TasksApp.Status(r) == "Succeeded", "the load step succeeded after the kill");
        Assert.Equal(21, load.GetProperty("result").GetInt32());
        Assert.Equal(1, (await app.GetRunAsync(root)).GetProperty("attempt").GetInt32());
        Assert.Equal(2, (await app.GetRunAsync(transform)).GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task RunBefore_Prerequisites_BothEndBeforeTheirTaskStarts()
    {
        var root = await app.EnqueueAsync("configure_ok");

        var run = await app.WaitForRunAsync(root, r => TasksApp.Status(r) == "Succeeded", "configure_ok succeeded");

        var started = run.GetProperty("startedAt").GetDateTimeOffset();
        foreach (var prerequisite in new[] { "prep_a", "prep_b" })
        {
            var before = await app.GetRunAsync($"{root}.before.{prerequisite}");
            Assert.Equal("Succeeded", TasksApp.Status(before));
            Assert.True(before.GetProperty("completedAt").GetDateTimeOffset() <= started, $"{prerequisite} ended before configure_ok started");
        }
    }

    [Fact]
    public async Task RunBefore_PrerequisiteFails_TaskIsAbortedNamingItAndNeverRuns()
    {
        var root = await app.EnqueueAsync("configure_broken");

        var run = await app.WaitForRunAsync(root, r => TasksApp.Status(r) == "Aborted", "configure_broken aborted");

        var reason = run.GetProperty("reason").GetString();
        Assert.Contains("prep_broken", reason, StringComparison.Ordinal);
        Assert.Contains("the database is down", reason, StringComparison.Ordinal);
        Assert.Equal(0, run.GetProperty("attempt").GetInt32());
    }
}
