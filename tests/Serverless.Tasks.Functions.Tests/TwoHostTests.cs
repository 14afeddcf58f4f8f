using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Serverless.FunctionsHost;
using Serverless.Tasks.Functions.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>
/// Two hosts of the tasks app on one storage account, as two instances of a Function App: they share the lanes, the
/// runs and the schedules. No run is lost or run twice, and one host fires the schedules (the timer's singleton).
/// </summary>
public sealed partial class TwoHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TwoHosts_OneStorageAccount_NoRunLostOrDoubledAndOneSchedulerFires()
    {
        var prefix = AzuriteFixture.UniqueName("t");
        var markers = Directory.CreateTempSubdirectory("two-hosts-");
        await using var first = await LocalFunctionsHost.StartAsync(TasksApp.Options(azurite.ConnectionString, prefix, markers.FullName));
        await using var second = await LocalFunctionsHost.StartAsync(TasksApp.Options(azurite.ConnectionString, prefix, markers.FullName));
        await using var services = TasksApp.ClientServices(azurite.ConnectionString, prefix, new TaskRegistry().Add("noop_critical", _ => Task.CompletedTask, o => o.Priority = TaskPriority.Critical));
        var tasks = services.GetRequiredService<ITaskClient>();

        var ids = new string[200];
        await Parallel.ForAsync(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) => ids[i] = await tasks.EnqueueAsync("noop_critical", cancellationToken: ct));
        await services.GetRequiredService<ITaskScheduleClient>().AddScheduleAsync("every-second", "noop_critical", TaskTrigger.Every(TimeSpan.FromSeconds(1)));

        var runs = new Dictionary<string, TaskRun>();
        await Poll.UntilAsync(async () =>
        {
            foreach (var id in ids.Where(i => !runs.ContainsKey(i)))
            {
                if (await tasks.GetRunAsync(id) is { IsFinished: true } run)
                {
                    runs[id] = run;
                }
            }

            return runs.Count == ids.Length;
        }, "all 200 runs ended", TimeSpan.FromSeconds(120));
        await Poll.UntilAsync(() => Fired(first, second).Count >= 5, "the schedule fired five times", TimeSpan.FromSeconds(60));

        Assert.All(runs.Values, r => Assert.Equal((TaskRunStatus.Succeeded, 1), (r.Status, r.Attempt)));
        var fired = Fired(first, second);
        Assert.Equal(fired.Count, fired.Distinct().Count());
        Assert.True(Fired(first).Count == 0 || Fired(second).Count == 0, $"both hosts fired schedules: {Fired(first).Count} and {Fired(second).Count}");
        TestContext.Current.SendDiagnosticMessage($"runs per worker: {string.Join(", ", runs.Values.GroupBy(r => r.Host).Select(g => $"{g.Key}: {g.Count()}"))}");
        markers.Delete(recursive: true);
    }

    /// <summary>The run ids the hosts' schedulers logged as fired.</summary>
    private static List<string> Fired(params LocalFunctionsHost[] hosts) =>
        [.. hosts.SelectMany(h => h.Logs.Containing("Schedule 'every-second' fired")).Select(e => FiredRun().Match(e.Message).Groups[1].Value)];

    [GeneratedRegex("run '([^']+)'")]
    private static partial Regex FiredRun();
}
