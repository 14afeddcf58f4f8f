using System.Globalization;
using Serverless.Jobs.Tests.TestSupport;
using Serverless.Jobs.TestJob;
using Serverless.Testing;

namespace Serverless.Jobs.Tests.Local;

/// <summary>Local jobs yield the CPU to the host: every thread of theirs runs at nice 19.</summary>
public sealed class LocalProcessJobPriorityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartAsync_LocalJob_RunsNicedBelowTheHost()
    {
        await using var jobs = new LocalJobsHarness(azurite);
        var dir = Directory.CreateTempSubdirectory("jobs-nice-").FullName;
        var hold = new HoldInput(Path.Combine(dir, "started"), Path.Combine(dir, "release"));

        var jobId = await jobs.StartAsync("hold", hold);
        await Poll.UntilAsync(() => File.Exists(hold.StartedFile), "the job to start");
        var pid = Assert.Single(jobs.ProcessIds(jobId));

        // Every thread of the job, the runtime's early ones included: Linux keeps a nice value per thread.
        var threads = Directory.GetDirectories($"/proc/{pid}/task").Select(task => NiceOf($"{task}/stat")).ToList();
        var ownNice = NiceOf($"/proc/{Environment.ProcessId}/stat");
        await File.WriteAllTextAsync(hold.ReleaseFile, "go", TestContext.Current.CancellationToken);
        await jobs.Launcher.WaitAsync(jobId);

        Assert.True(threads.Count > 1, "the job should have its runtime's threads");
        Assert.All(threads, nice => Assert.Equal(19, nice));
        Assert.True(19 > ownNice, $"the host's nice value {ownNice} should be below the job's");
    }

    /// <summary>The nice value: field 19 of a /proc stat file (fields after the parenthesised command name are space-separated).</summary>
    private static int NiceOf(string statFile)
    {
        var stat = File.ReadAllText(statFile);
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
    }
}
