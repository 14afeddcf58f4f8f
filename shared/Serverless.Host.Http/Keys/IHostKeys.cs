using Serverless.Worker;

namespace Serverless.Host.Http.Keys;

/// <summary>
/// The host's access keys, as Azure Functions has them: the master key, host function keys, system keys (one per
/// extension, e.g. "durabletask_extension") and per-function keys. Keys set in configuration win; the others live in
/// blob storage (container azure-webjobs-secrets, {hostId}/host.json and {hostId}/{function}.json), generated on first use.
/// </summary>
public interface IHostKeys
{
    /// <summary>The host id the keys are stored under.</summary>
    string HostId { get; }

    ValueTask<string> GetMasterKeyAsync(CancellationToken cancellationToken = default);

    /// <summary>The system key of that name, created (and stored) when it does not exist yet.</summary>
    ValueTask<string> GetOrCreateSystemKeyAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The key of that name of a function ("default" unless given), created when it does not exist yet.</summary>
    ValueTask<string> GetOrCreateFunctionKeyAsync(string functionName, string keyName = "default", CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the key grants the level: Anonymous always; Function (and User) a key of that function, a host function
    /// key or the master key; System a system key or the master key; Admin the master key only.
    /// </summary>
    ValueTask<bool> IsAuthorizedAsync(string? key, AuthorizationLevel level, string? functionName, CancellationToken cancellationToken = default);
}
