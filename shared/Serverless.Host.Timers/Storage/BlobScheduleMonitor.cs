using Azure;
using Azure.Storage.Blobs;
using Serverless.Worker;

namespace Serverless.Host.Timers.Storage;

/// <summary>Schedule status in blob azure-webjobs-hosts/timers/{hostId}/{timerName}/status, as the Functions host keeps it.</summary>
internal sealed class BlobScheduleMonitor(BlobContainerClient container, string hostId) : IScheduleMonitor
{
    public async Task<ScheduleStatus?> GetStatusAsync(string timerName, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(TimerNames.StatusBlob(hostId, timerName));
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return ScheduleStatusJson.Read(content.Value.Content.ToString(), $"{container.Name}/{blob.Name}");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task UpdateStatusAsync(string timerName, ScheduleStatus status, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(TimerNames.StatusBlob(hostId, timerName));
        var content = BinaryData.FromString(ScheduleStatusJson.Write(status));
        try
        {
            await blob.UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await blob.UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
        }
    }
}
