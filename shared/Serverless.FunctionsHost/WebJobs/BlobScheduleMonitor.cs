using Azure;
using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Newtonsoft.Json;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>
/// The timers' schedule status where the Functions host keeps it: blob
/// <c>azure-webjobs-hosts/timers/{hostId}/{timerName}/status</c> on AzureWebJobsStorage, so a timer with UseMonitor
/// sees the runs it missed while no host ran (IsPastDue). Written with Azure.Storage.Blobs: the monitor that ships
/// with WebJobs.Extensions 3.0.6 needs the retired WindowsAzure.Storage client.
/// </summary>
internal sealed class BlobScheduleMonitor(BlobServiceClient blobs, string hostId) : ScheduleMonitor
{
    public const string ContainerName = "azure-webjobs-hosts";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(ContainerName);
    private bool _created;

    public override async Task<ScheduleStatus> GetStatusAsync(string timerName)
    {
        try
        {
            var content = await Blob(timerName).DownloadContentAsync().ConfigureAwait(false);
            return JsonConvert.DeserializeObject<ScheduleStatus>(content.Value.Content.ToString())!;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null!;
        }
    }

    public override async Task UpdateStatusAsync(string timerName, ScheduleStatus status)
    {
        if (!_created)
        {
            await _container.CreateIfNotExistsAsync().ConfigureAwait(false);
            _created = true;
        }

        await Blob(timerName).UploadAsync(BinaryData.FromString(JsonConvert.SerializeObject(status)), overwrite: true).ConfigureAwait(false);
    }

    private BlobClient Blob(string timerName) => _container.GetBlobClient($"timers/{hostId}/{timerName}/status");
}
