using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Functions.Configuration;

/// <summary>The Azure Storage backend on the storageProvider connection (AzureWebJobsStorage by default).</summary>
internal static class AzureStorageBackend
{
    public static (IOrchestrationService Service, IOrchestrationServiceClient Client) Resolve(IServiceProvider services) =>
        throw new InvalidOperationException("The Azure Storage durable backend is not wired yet: set DurableTask:Backend to InMemory.");
}
