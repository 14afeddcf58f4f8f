using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Orchestrations.Tests;

/// <summary>Starts an in-process DurableTaskTestHost (real replay) and runs instances on it with a deadline.</summary>
internal static class TestHost
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts a host on a port the OS just handed out (the host's own pick is random and may be taken by another test
    /// assembly's server), trying again with a new port if it was taken in between.
    /// </summary>
    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> register)
    {
        for (int attempt = 1; ; attempt++)
        {
            var options = new DurableTaskTestHostOptions { Port = FreePort(), LoggerFactory = NullLoggerFactory.Instance };
            try
            {
                return await DurableTaskTestHost.StartAsync(register, options, TestContext.Current.CancellationToken);
            }
            catch (IOException) when (attempt < 3)
            {
            }
        }
    }

    public static async Task<OrchestrationMetadata> RunAsync(this DurableTaskTestHost host, TaskName orchestrator, object? input)
    {
        string instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, TestContext.Current.CancellationToken);
        return await host.WaitForCompletionAsync(instanceId);
    }

    public static async Task<OrchestrationMetadata> WaitForCompletionAsync(this DurableTaskTestHost host, string instanceId)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        return await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
    }

    /// <summary>Asserts the instance's status; a failed instance's failure details are the message.</summary>
    public static void AssertStatus(this OrchestrationMetadata instance, OrchestrationRuntimeStatus expected) =>
        Assert.True(instance.RuntimeStatus == expected, $"{instance.Name} ended {instance.RuntimeStatus}, expected {expected}: {instance.FailureDetails}");

    /// <summary>Completes when <paramref name="task"/> does, or fails the test at the deadline (never waits longer).</summary>
    public static Task<T> WithDeadline<T>(this Task<T> task) => task.WaitAsync(Deadline, TestContext.Current.CancellationToken);

    public static Task WithDeadline(this Task task) => task.WaitAsync(Deadline, TestContext.Current.CancellationToken);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
