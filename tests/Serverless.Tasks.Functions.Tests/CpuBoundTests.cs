using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>CPU-bound tasks run as child processes (job mode of this test binary); an abort kills the process.</summary>
public sealed class CpuBoundTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CpuBoundTask_RunsInAChildProcess_ReturnsItsResult()
    {
        await using var host = await TaskHosts.StartAsync(azurite, new TaskRegistry().AddTasksFrom(typeof(CpuTasks)), new TaskProbe());
        var client = host.Services.GetRequiredService<ITaskClient>();

        var runId = await client.EnqueueAsync("fx_square", new SquareParams(12), cancellationToken: TestContext.Current.CancellationToken);

        var run = await TaskHosts.WaitForRunAsync(host, runId, TaskRunStatus.Succeeded, TaskRunStatus.DeadLettered, TaskRunStatus.Failed);
        Assert.True(run.Status == TaskRunStatus.Succeeded, run.Error?.ToString());
        var result = run.GetResult<SquareResult>()!;
        Assert.Equal(144, result.Square);
        Assert.NotEqual(Environment.ProcessId, result.ProcessId);
    }

    [Fact]
    public async Task Abort_RunningCpuBoundRun_KillsItsProcess()
    {
        var pidFile = Path.Combine(Directory.CreateTempSubdirectory("fx-spin-").FullName, "pid");
        await using var host = await TaskHosts.StartAsync(azurite, new TaskRegistry().AddTasksFrom(typeof(CpuTasks)), new TaskProbe());
        var client = host.Services.GetRequiredService<ITaskClient>();
        var runId = await client.EnqueueAsync("fx_spin", new SpinParams(pidFile), cancellationToken: TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).Length > 0, "the CPU-bound run to write its process id");
        var pid = int.Parse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture);
        Assert.True(IsRunning(pid));

        Assert.True(await client.AbortAsync(runId, "test abort", TestContext.Current.CancellationToken));

        var run = await TaskHosts.WaitForRunAsync(host, runId, TaskRunStatus.Aborted);
        Assert.Contains("test abort", run.Reason ?? string.Empty, StringComparison.Ordinal);
        await Poll.UntilAsync(() => !IsRunning(pid), $"the job process {pid} to end");
    }

    [Fact]
    public async Task CpuBoundTask_JobThrows_EachAttemptIsANewJobThenTheRunIsDeadLettered()
    {
        await using var host = await TaskHosts.StartAsync(azurite, new TaskRegistry().AddTasksFrom(typeof(CpuTasks)), new TaskProbe());
        var client = host.Services.GetRequiredService<ITaskClient>();

        var runId = await client.EnqueueAsync("fx_crash", cancellationToken: TestContext.Current.CancellationToken);

        var run = await TaskHosts.WaitForRunAsync(host, runId, TaskRunStatus.DeadLettered);
        Assert.Equal(2, run.Attempt);
        var message = run.Error?.Message ?? string.Empty;
        Assert.Contains("attempt 2 in process", message, StringComparison.Ordinal);
        Assert.Contains("failed on purpose", message, StringComparison.Ordinal);
        Assert.Contains($"task-{runId}-2", message, StringComparison.Ordinal);
        Assert.DoesNotContain($"in process {Environment.ProcessId} ", message, StringComparison.Ordinal);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
