namespace Serverless.Azurite;

/// <summary>How to start Azurite, the Azure Storage emulator installed by the repository's package.json.</summary>
public sealed record AzuriteOptions
{
    /// <summary>Port for blobs; 0 picks a free loopback port.</summary>
    public int BlobPort { get; init; }

    /// <summary>Port for queues; 0 picks a free loopback port.</summary>
    public int QueuePort { get; init; }

    /// <summary>Port for tables; 0 picks a free loopback port.</summary>
    public int TablePort { get; init; }

    /// <summary>Folder for Azurite's data; null keeps everything in memory (tests).</summary>
    public string? DataLocation { get; init; }

    /// <summary>Folders to search upward from for node_modules/azurite; the current directory and the app's folder when empty.</summary>
    public IReadOnlyList<string> SearchFrom { get; init; } = [];

    /// <summary>How long to wait for the three endpoints to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The well-known development storage ports.</summary>
    public static AzuriteOptions DevelopmentStorage { get; } = new() { BlobPort = 10000, QueuePort = 10001, TablePort = 10002 };
}
