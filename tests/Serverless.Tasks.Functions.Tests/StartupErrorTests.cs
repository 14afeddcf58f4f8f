using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>Bad declarations and bad host.json values stop the host's start with a message naming what is wrong.</summary>
public sealed class StartupErrorTests(AzuriteFixture azurite)
{
    private static Task Noop(TaskContext context) => Task.CompletedTask;

    [Fact]
    public async Task Start_RunAfterCycle_FailsPrintingTheCycle()
    {
        var registry = new TaskRegistry()
            .Add("fx_cycle_a", Noop, o => o.RunAfter = "fx_cycle_b")
            .Add("fx_cycle_b", Noop, o => o.RunAfter = "fx_cycle_c")
            .Add("fx_cycle_c", Noop, o => o.RunAfter = "fx_cycle_a");

        var error = await Assert.ThrowsAsync<TaskDeclarationException>(() => TaskHosts.StartAsync(azurite, registry, new TaskProbe()));

        var message = error.Message;
        Assert.Contains("cycle", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("fx_cycle_a", message, StringComparison.Ordinal);
        Assert.Contains("fx_cycle_b", message, StringComparison.Ordinal);
        Assert.Contains("fx_cycle_c", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownRunAfter_FailsNamingTheTaskAndTheUnknownName()
    {
        var registry = new TaskRegistry().Add("fx_lonely", Noop, o => o.RunAfter = "fx_nowhere");

        var error = await Assert.ThrowsAsync<TaskDeclarationException>(() => TaskHosts.StartAsync(azurite, registry, new TaskProbe()));

        Assert.Contains("fx_lonely", error.Message, StringComparison.Ordinal);
        Assert.Contains("fx_nowhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadStoragePrefixInHostJson_FailsNamingTheKey()
    {
        var hostJson = TaskHosts.HostJson("Bad_Prefix");

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            TaskHosts.StartAsync(azurite, new TaskRegistry().AddTasksFrom(typeof(SimpleTasks)), new TaskProbe(), hostJson: hostJson));

        Assert.Contains("extensions.tasks.storagePrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadConcurrencyInHostJson_FailsNamingTheKey()
    {
        var hostJson = TaskHosts.HostJson(TaskHosts.Prefix()).Replace("\"visibilityTimeout\": \"00:00:10\"", "\"maxConcurrentRuns\": 0", StringComparison.Ordinal);

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            TaskHosts.StartAsync(azurite, new TaskRegistry().AddTasksFrom(typeof(SimpleTasks)), new TaskProbe(), hostJson: hostJson));

        Assert.Contains("extensions.tasks.maxConcurrentRuns", error.Message, StringComparison.Ordinal);
    }
}
