using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Serverless.Azurite;
using Xunit;

namespace Serverless.Testing;

/// <summary>
/// One Azurite per test assembly, on free loopback ports, in-memory, stopped when the assembly's tests end.
/// Register it with <c>[assembly: AssemblyFixture(typeof(AzuriteFixture))]</c> and take it in a test class's constructor.
/// Tests isolate themselves by unique names (<see cref="UniqueName"/>), not by separate emulators.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    /// <summary>The repository this test assembly was built from (where node_modules is).</summary>
    public static string RepositoryRoot { get; } = typeof(AzuriteFixture).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public string ConnectionString => Azurite.ConnectionString;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public QueueServiceClient QueueService => new(ConnectionString);

    public BlobServiceClient BlobService => new(ConnectionString);

    public TableServiceClient TableService => new(ConnectionString);

    /// <summary>A lowercase name valid for queues, containers and (without dashes) tables, unique in this run.</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix.ToLowerInvariant()}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 12, 40)];

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(new AzuriteOptions
        {
            SearchFrom = [RepositoryRoot, Directory.GetCurrentDirectory(), AppContext.BaseDirectory],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
