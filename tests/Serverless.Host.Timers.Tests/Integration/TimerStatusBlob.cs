using Azure;
using Azure.Storage.Blobs;
using Serverless.Host.Timers.Storage;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Timers.Tests.Integration;

/// <summary>Reads and writes a timer's status blob as a test (or another Functions host) would see it.</summary>
internal static class TimerStatusBlob
{
    public static BlobClient Blob(AzuriteFixture azurite, string hostId, string function) =>
        azurite.BlobService.GetBlobContainerClient("azure-webjobs-hosts").GetBlobClient($"timers/{hostId}/Host.Functions.{function}/status");

    public static async Task<ScheduleStatus?> ReadAsync(AzuriteFixture azurite, string hostId, string function)
    {
        try
        {
            var content = await Blob(azurite, hostId, function).DownloadContentAsync();
            return ScheduleStatusJson.Read(content.Value.Content.ToString(), "test");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public static Task<ScheduleStatus> PollWrittenAsync(AzuriteFixture azurite, string hostId, string function, Func<ScheduleStatus, bool> condition) =>
        Poll.ForValueAsync(async () => await ReadAsync(azurite, hostId, function) is { } s && condition(s) ? s : null, $"status blob of {function} written", TimeSpan.FromSeconds(10));

    public static Task WriteAsync(AzuriteFixture azurite, string hostId, string function, ScheduleStatus status) =>
        Blob(azurite, hostId, function).UploadAsync(BinaryData.FromString(ScheduleStatusJson.Write(status)), overwrite: true);
}
