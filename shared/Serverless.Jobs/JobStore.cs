using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;

namespace Serverless.Jobs;

/// <summary>
/// The blobs of job runs in one container: <c>{jobId}/input.json</c>, <c>{jobId}/run.json</c> (the launcher's record),
/// <c>{jobId}/ranks/{rank}.json</c> (written by each job process), <c>{jobId}/result.json</c> (the final result) and
/// <c>{jobId}/log.txt</c> (stdout/stderr). Everything a waiter needs survives the launcher's process.
/// With a completion queue, every recording of a run's result is followed by a message <c>{"jobId":"..."}</c> on it.
/// </summary>
public sealed partial class JobStore
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;
    private volatile bool _completionsCreated;

    public JobStore(BlobContainerClient container, QueueClient? completions = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        Container = container;
        Completions = completions;
    }

    public BlobContainerClient Container { get; }

    /// <summary>The queue told of each run's end, or null.</summary>
    public QueueClient? Completions { get; }

    /// <summary>The default input blob name of a job.</summary>
    public static string InputBlobName(string jobId) => $"{jobId}/input.json";

    internal static string RunBlobName(string jobId) => $"{jobId}/run.json";

    internal static string ResultBlobName(string jobId) => $"{jobId}/result.json";

    internal static string LogBlobName(string jobId) => $"{jobId}/log.txt";

    internal static string RankBlobName(string jobId, int rank) => $"{jobId}/ranks/{rank:D4}.json";

    internal static string RankProcessBlobName(string jobId, int rank) => $"{jobId}/ranks/{rank:D4}.process.json";

    /// <summary>Writes the job's input (JSON) to <see cref="InputBlobName"/> and returns that name.</summary>
    public async Task<string> WriteInputAsync(string jobId, BinaryData json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        RequireJobId(jobId);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var name = InputBlobName(jobId);
        await Container.GetBlobClient(name).UploadAsync(json, overwrite: true, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Serializes <paramref name="input"/> with <see cref="JobJson.Options"/> and writes it as the job's input.</summary>
    public Task<string> WriteInputAsync<T>(string jobId, T input, CancellationToken cancellationToken = default) =>
        WriteInputAsync(jobId, BinaryData.FromObjectAsJson(input, JobJson.Options), cancellationToken);

    /// <summary>The final result of a run, or null while none is recorded.</summary>
    public Task<JobResult?> ReadResultAsync(string jobId, CancellationToken cancellationToken = default) =>
        ReadJsonAsync<JobResult>(ResultBlobName(jobId), cancellationToken);

    /// <summary>The text of the run's log blob, or null when nothing was logged.</summary>
    public async Task<string?> ReadLogAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var data = await ReadBlobAsync(LogBlobName(jobId), cancellationToken).ConfigureAwait(false);
        return data?.ToString();
    }

    internal async Task<BinaryData?> ReadBlobAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return response.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    internal async Task<T?> ReadJsonAsync<T>(string blobName, CancellationToken cancellationToken)
        where T : class
    {
        var data = await ReadBlobAsync(blobName, cancellationToken).ConfigureAwait(false);
        return data is null ? null : data.ToObjectFromJson<T>(JobJson.Options);
    }

    /// <summary>Writes a JSON blob; with <paramref name="onlyIfAbsent"/> the first writer wins and later ones get false.</summary>
    internal async Task<bool> WriteJsonAsync<T>(string blobName, T value, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Conditions = onlyIfAbsent ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null,
        };
        try
        {
            await Container.GetBlobClient(blobName)
                .UploadAsync(BinaryData.FromObjectAsJson(value, JobJson.Options), options, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (onlyIfAbsent && (e.Status == 409 || e.Status == 412))
        {
            return false;
        }
    }

    /// <summary>Appends text to the run's log blob (in blocks of at most 4 MiB).</summary>
    internal async Task AppendLogAsync(string jobId, string text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var blob = Container.GetAppendBlobClient(LogBlobName(jobId));
        await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var bytes = Encoding.UTF8.GetBytes(text);
        const int maxBlock = 4 * 1024 * 1024;
        for (var offset = 0; offset < bytes.Length; offset += maxBlock)
        {
            using var stream = new MemoryStream(bytes, offset, Math.Min(maxBlock, bytes.Length - offset));
            await blob.AppendBlockAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    internal async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                _created = true;
            }
        }
        finally
        {
            _createLock.Release();
        }
    }
}
