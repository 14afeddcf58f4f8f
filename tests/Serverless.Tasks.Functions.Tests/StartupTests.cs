using Serverless.FunctionsHost;
using Serverless.Tasks.Functions.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>What the worker's start refuses: a bad task declaration, lane settings that disagree with the runtime.</summary>
public sealed class StartupTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Start_BadTaskDeclaration_FailsNamingTheTaskAndTheOption()
    {
        var options = Options();
        options.Settings["TESTAPP_BAD_TASK"] = "1";

        var e = await Assert.ThrowsAsync<HostStartupException>(() => LocalFunctionsHost.StartAsync(options));

        Assert.Contains("bad_task", e.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetries", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LaneSettingNamesAnotherQueue_FailsNamingTheSettingAndTheExpectedQueue()
    {
        var options = Options();
        var expected = options.Settings["Serverless__Tasks__Queues__Low"];
        options.Settings["Serverless__Tasks__Queues__Low"] = "somewhere-else";

        var e = await Assert.ThrowsAsync<HostStartupException>(() => LocalFunctionsHost.StartAsync(options));

        Assert.Contains("Serverless__Tasks__Queues__Low", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private FunctionsHostOptions Options() =>
        TasksApp.Options(azurite.ConnectionString, AzuriteFixture.UniqueName("s"), Path.GetTempPath());
}
