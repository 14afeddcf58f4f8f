using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Host.Storage;

namespace Serverless.Host.Timers.Storage;

/// <summary>The blob container of the host (azure-webjobs-hosts on AzureWebJobsStorage) and the monitors and locks in it.</summary>
internal sealed class TimerStorage(StorageConnections connections, IOptions<TimersOptions> options, TimeProvider time, ILoggerFactory loggers)
{
    private readonly Lazy<BlobContainerClient> _container = new(() =>
        connections.CreateBlobServiceClient().GetBlobContainerClient(TimerNames.HostContainer));

    public IScheduleMonitor CreateMonitor(string hostId) => new BlobScheduleMonitor(_container.Value, hostId);

    public IListenerLock CreateLock(string hostId, string timerName) =>
        new BlobListenerLock(_container.Value, TimerNames.ListenerLockBlob(hostId, timerName), options.Value, time, loggers.CreateLogger(Log.Category));
}
