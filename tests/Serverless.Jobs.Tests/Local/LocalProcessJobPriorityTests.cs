using System.Globalization;
using Serverless.Jobs.Tests.TestSupport;
using Serverless.Jobs.TestJob;
using Serverless.Testing;

namespace Serverless.Jobs.Tests.Local;

/// <summary>Local jobs yield the CPU to the host: they run below normal priority.</summary>
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

        var nice = NiceOf(pid);
        var ownNice = NiceOf(Environment.ProcessId);
        await File.WriteAllTextAsync(hold.ReleaseFile, "go", TestContext.Current.CancellationToken);
        await jobs.Launcher.WaitAsync(jobId);

        Assert.True(nice > ownNice, $"the job's nice value {nice} should be above the host's {ownNice}");
    }

    /// <summary>The nice value: field 19 of /proc/{pid}/stat (fields after the parenthesised command name are space-separated).</summary>
    private static int NiceOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture);
    }
}
