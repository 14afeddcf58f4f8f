using Serverless.Testing;

namespace Serverless.DurableTask.AzureStorage.Tests;

/// <summary>A CrashWorker child process: a real durable worker on Azure Storage that tests kill with SIGKILL.</summary>
internal static class WorkerProcess
{
    /// <summary>Starts the worker; its log goes next to the execution log, for a post-mortem when a test fails.</summary>
    public static ChildProcess Start(string connectionString, string hub, string workerId, string executionLog) =>
        ChildProcess.StartDotnet("Serverless.DurableTask.CrashWorker.dll", [connectionString, hub, workerId, executionLog], executionLog + "." + workerId + ".out");
}
