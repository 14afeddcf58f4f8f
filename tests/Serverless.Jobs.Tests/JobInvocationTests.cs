namespace Serverless.Jobs.Tests;

public sealed class JobInvocationTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    [Fact]
    public void Parse_ArgumentsOnly_ReadsEveryValue()
    {
        var invocation = JobInvocation.Parse(
            ["--serverless-job", "--job-id", "j1", "--task", "pi", "--input", "j1/input.json", "--rank", "2", "--rank-count", "4", "--timeout-seconds", "90"],
            NoEnvironment.GetValueOrDefault);

        Assert.Equal(("j1", "pi", "j1/input.json", 2, 4), (invocation.JobId, invocation.TaskName, invocation.InputBlob, invocation.Rank, invocation.RankCount));
        Assert.Equal(TimeSpan.FromSeconds(90), invocation.Timeout);
        Assert.Equal(JobEnvironment.DefaultContainer, invocation.Container);
    }

    [Fact]
    public void Parse_EnvironmentOnly_ReadsRankAndRankCountVariables()
    {
        var env = new Dictionary<string, string?>
        {
            ["SERVERLESS_JOB_ID"] = "j2", ["SERVERLESS_JOB_TASK"] = "pi", ["SERVERLESS_JOB_INPUT"] = "in", ["RANK"] = "1", ["RANK_COUNT"] = "3",
        };

        var invocation = JobInvocation.Parse(["--serverless-job"], env.GetValueOrDefault);

        Assert.Equal((1, 3), (invocation.Rank, invocation.RankCount));
    }

    [Fact]
    public void Parse_TaskMissing_NamesArgumentAndVariable()
    {
        var error = Assert.Throws<FormatException>(() =>
            JobInvocation.Parse(["--serverless-job", "--job-id", "j", "--input", "i"], NoEnvironment.GetValueOrDefault));

        Assert.Contains("--task", error.Message, StringComparison.Ordinal);
        Assert.Contains("SERVERLESS_JOB_TASK", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RankNotBelowRankCount_Fails()
    {
        var error = Assert.Throws<FormatException>(() => JobInvocation.Parse(
            ["--job-id", "j", "--task", "t", "--input", "i", "--rank", "3", "--rank-count", "3"], NoEnvironment.GetValueOrDefault));

        Assert.Contains("rank 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsJobMode_SwitchPresentOrAbsent_Detects()
    {
        Assert.True(JobEntryPoint.IsJobMode(["--urls", "x", "--serverless-job"]));
        Assert.False(JobEntryPoint.IsJobMode(["--urls", "x"]));
    }

    [Fact]
    public void Validate_BadRequest_NamesFieldAndJob()
    {
        var error = Assert.Throws<ArgumentException>(() => new JobRequest("j9", "t", "i", Ranks: 2, Nodes: 3).Validate());

        Assert.Contains("Job 'j9': Nodes is '3'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JobIdFor_InstanceAndTaskId_IsValidStableAndBounded()
    {
        var shortId = JobStore.JobIdFor("order:42/shipping", "7");
        var longInstance = new string('x', 100);

        Assert.Equal("order_42_shipping-7", shortId);
        Assert.True(JobStore.IsValidJobId(shortId));
        var longId = JobStore.JobIdFor(longInstance, "3");
        Assert.Equal(64, longId.Length);
        Assert.True(JobStore.IsValidJobId(longId));
        Assert.Equal(longId, JobStore.JobIdFor(longInstance, "3"));
        Assert.NotEqual(longId, JobStore.JobIdFor(longInstance, "4"));
    }
}
