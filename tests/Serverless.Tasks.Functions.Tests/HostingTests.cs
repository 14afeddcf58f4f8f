using System.Net.Http.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>The extension in a real host: declared tasks fire, runs are enqueued from functions, an app without tasks starts nothing.</summary>
public sealed class HostingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Start_DeclaredIntervalTask_FiresRepeatedly()
    {
        var probe = new TaskProbe();
        await using var host = await TaskHosts.StartAsync(azurite, new TaskRegistry().AddTasksFrom(typeof(SimpleTasks)), probe);

        await Poll.UntilAsync(() => probe.Count("tick") >= 2, "two firings of the interval task fx_tick");

        var runIds = probe.Named("tick").Select(e => e.Detail).ToList();
        Assert.Equal(runIds.Count, runIds.Distinct().Count());
        Assert.All(runIds, id => Assert.StartsWith("fx_tick@", id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HttpFunction_EnqueuesThroughTheClient_RunSucceedsWithResult()
    {
        var probe = new TaskProbe();
        await using var host = await TaskHosts.StartAsync(
            azurite, new TaskRegistry().AddTasksFrom(typeof(SimpleTasks)), probe, functions: typeof(EnqueueFunctions));
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await http.PostAsJsonAsync("api/greet", new { name = "Ada" }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var runId = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var run = await TaskHosts.WaitForRunAsync(host, runId, TaskRunStatus.Succeeded);
        Assert.Equal("fx_greet", run.Task);
        Assert.Equal("hello Ada", run.GetResult<string>());
        Assert.Equal(["Ada"], probe.Named("greet").Select(e => e.Detail));
    }

    [Fact]
    public async Task Start_NoTasks_CreatesNoTaskQueuesOrTables()
    {
        var prefix = TaskHosts.Prefix();
        await using var host = await TaskHosts.StartAsync(azurite, new TaskRegistry(), new TaskProbe(), hostJson: TaskHosts.HostJson(prefix));

        Assert.Empty(host.Services.GetRequiredService<TaskCatalog>().Tasks);
        var queues = new List<QueueItem>();
        await foreach (var queue in azurite.QueueService.GetQueuesAsync(prefix: prefix, cancellationToken: TestContext.Current.CancellationToken))
        {
            queues.Add(queue);
        }

        Assert.Empty(queues);
        var tables = new List<string>();
        await foreach (var table in azurite.TableService.QueryAsync(t => t.Name == prefix + "Runs", cancellationToken: TestContext.Current.CancellationToken))
        {
            tables.Add(table.Name);
        }

        Assert.Empty(tables);
    }

    [Fact]
    public void Scan_TestAssembly_FindsItsDeclaredTasks()
    {
        var catalog = TaskCatalogFactory.Create(TaskAssemblies.Find(typeof(Program).Assembly), []);

        Assert.True(catalog.TryGet("fx_tick", out _));
        Assert.True(catalog.TryGet("fx_warm", out var lifecycle));
        Assert.True(lifecycle.IsLifecycle);
        Assert.NotNull(catalog.Get("fx_square").CpuBound);
    }

    [Fact]
    public async Task Start_AssemblyScanOn_CatalogHasTheAppsDeclaredTasksAndTheRegistries()
    {
        var settings = TaskHosts.Settings();
        settings.Remove(TaskCatalogFactory.ScanSetting);
        var registry = new TaskRegistry().Add("fx_registered", _ => Task.CompletedTask);
        await using var host = await TaskHosts.StartAsync(azurite, registry, new TaskProbe(), settings);

        var catalog = host.Services.GetRequiredService<TaskCatalog>();
        Assert.True(catalog.TryGet("fx_registered", out _));
        Assert.True(catalog.TryGet("fx_greet", out _));
        Assert.True(catalog.TryGet("fx_deploy", out var deploy));
        Assert.Equal(["fx_prep_a", "fx_prep_b"], deploy.RunBefore);
    }

    [Fact]
    public async Task Start_ConnectionSettingInHostJson_TasksUseThatStorage()
    {
        var prefix = TaskHosts.Prefix();
        var settings = TaskHosts.Settings();
        settings["TasksStorage"] = azurite.ConnectionString;
        var hostJson = TaskHosts.HostJson(prefix).Replace("\"tasks\": {", "\"tasks\": { \"connection\": \"TasksStorage\",", StringComparison.Ordinal);
        var probe = new TaskProbe();
        await using var host = await TaskHosts.StartAsync(azurite, new TaskRegistry().AddTasksFrom(typeof(SimpleTasks)), probe, settings, hostJson);

        var runId = await host.Services.GetRequiredService<ITaskClient>().EnqueueAsync("fx_greet", new GreetParams("Grace"), cancellationToken: TestContext.Current.CancellationToken);

        await TaskHosts.WaitForRunAsync(host, runId, TaskRunStatus.Succeeded);
        Assert.Equal(["Grace"], probe.Named("greet").Select(e => e.Detail));
    }

    [Fact]
    public async Task Start_ConnectionSettingMissing_FailsNamingTheSetting()
    {
        var hostJson = TaskHosts.HostJson(TaskHosts.Prefix()).Replace("\"tasks\": {", "\"tasks\": { \"connection\": \"NoSuchStorage\",", StringComparison.Ordinal);

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            TaskHosts.StartAsync(azurite, new TaskRegistry().AddTasksFrom(typeof(SimpleTasks)), new TaskProbe(), hostJson: hostJson));

        Assert.Contains("NoSuchStorage", error.Message, StringComparison.Ordinal);
    }
}
