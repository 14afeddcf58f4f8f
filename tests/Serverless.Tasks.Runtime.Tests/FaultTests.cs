using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Tasks.Runtime.Tests.TestSupport;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests;

/// <summary>Storage failing under the worker (injected in the SDK pipeline): the worker keeps going.</summary>
public sealed class FaultTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Worker_ReceiveThrowsAggregateException_WorkerSurvivesAndRunsTheRunAfterwards()
    {
        var prefix = TaskHost.NewPrefix();
        var failures = 0;
        var policy = new FaultPolicy
        {
            Before = m => m.Request.Method == RequestMethod.Get && m.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal)
                && Interlocked.Increment(ref failures) <= 5 ? FaultPolicy.NetworkDown() : null,
        };
        var storage = policy.Storage(azurite.ConnectionString, prefix);
        await using var host = await TaskHost.Create(azurite, prefix, [TestTasks.NoOp("noop")], services: s => s.AddSingleton(storage)).StartAsync();

        var runId = await host.Client.EnqueueAsync("noop");
        var run = await host.Client.WaitForEndAsync(runId, TimeSpan.FromSeconds(20));

        Assert.Equal(TaskRunStatus.Succeeded, run.Status);
        Assert.True(Volatile.Read(ref failures) > 5);
        Assert.False(host.Worker.ExecuteTask!.IsCompleted);
    }
}
