using System.Globalization;
using Serverless.Testing;

namespace Serverless.Tasks.Runtime.Tests.TestSupport;

/// <summary>A CrashWorker child process: a real task worker on Azure Storage that the crash tests kill.</summary>
internal static class WorkerProcess
{
    /// <summary>Starts the worker; its log goes next to the markers, for a post-mortem when a test fails.</summary>
    public static ChildProcess Start(string connectionString, string prefix, string markers, int maxRetries) =>
        ChildProcess.StartDotnet("Serverless.Tasks.Runtime.CrashWorker.dll",
            [connectionString, prefix, markers, maxRetries.ToString(CultureInfo.InvariantCulture)], Path.Combine(markers, "worker.out"));
}
