using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Serverless.FunctionsHost.Http.Keys;

/// <summary>
/// The host's access keys, as Azure Functions has them: the master key, host function keys, system keys (one per
/// extension, e.g. "durabletask_extension") and per-function keys, in container azure-webjobs-secrets
/// ({hostId}/host.json and {hostId}/{function}.json), generated on first use.
/// The keys of this host: configuration first, then the secrets blobs (read once and cached; read again when a presented
/// key matches nothing and the cache is older than <see cref="RefreshAfter"/>, so keys another host added are seen).
/// </summary>
internal sealed partial class HostKeys(
    string hostId,
    KeyConfiguration configured,
    SecretsStore store,
    TimeProvider time,
    ILogger logger)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(10);

    private const int MaxAttempts = 20;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Snapshot<FunctionSecretsDocument>> _functions = new(StringComparer.OrdinalIgnoreCase);
    private Snapshot<HostSecretsDocument>? _host;

    public string HostId => hostId;

    private string HostBlob => $"{HostId}/host.json";

    public async ValueTask<string> GetMasterKeyAsync(CancellationToken cancellationToken = default)
    {
        if (configured.MasterKey is { } master)
        {
            return master;
        }

        return (await HostSecretsAsync(refresh: false, cancellationToken).ConfigureAwait(false)).MasterKey!.Value;
    }

    public async ValueTask<bool> IsAuthorizedAsync(string? key, AuthorizationLevel level, string? functionName, CancellationToken cancellationToken = default)
    {
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        // Only the Function level looks at the function's own keys.
        functionName = level is AuthorizationLevel.Function or AuthorizationLevel.User ? functionName : null;

        if (await MatchesAsync(key, level, functionName, refresh: false, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        // A key another host created since this one read the blobs: read them again, at most every RefreshAfter.
        return IsStale(functionName) &&
               await MatchesAsync(key, level, functionName, refresh: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> MatchesAsync(string key, AuthorizationLevel level, string? functionName, bool refresh, CancellationToken cancellationToken)
    {
        var host = await HostSecretsAsync(refresh, cancellationToken).ConfigureAwait(false);
        var master = configured.MasterKey ?? host.MasterKey?.Value;
        if (master is not null && SecretEquals(key, master))
        {
            return true;
        }

        switch (level)
        {
            case AuthorizationLevel.Admin:
                return false;
            case AuthorizationLevel.System:
                return Merge(host.SystemKeys, configured.SystemKeys).Values.Any(k => SecretEquals(key, k));
            default:
                if (Merge(host.FunctionKeys, configured.HostFunctionKeys).Values.Any(k => SecretEquals(key, k)))
                {
                    return true;
                }

                if (functionName is null)
                {
                    return false;
                }

                var function = await FunctionSecretsAsync(functionName, refresh, cancellationToken).ConfigureAwait(false);
                return Merge(function.Keys, configured.FunctionKeys(functionName)).Values.Any(k => SecretEquals(key, k));
        }
    }

    private bool IsStale(string? functionName)
    {
        var now = time.GetUtcNow();
        lock (_functions)
        {
            return _host is null || now - _host.LoadedAt >= RefreshAfter ||
                   (functionName is not null && (!_functions.TryGetValue(functionName, out var f) || now - f.LoadedAt >= RefreshAfter));
        }
    }

    private static Dictionary<string, string> Merge(IEnumerable<SecretKey> stored, IReadOnlyDictionary<string, string> fromConfiguration)
    {
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in stored)
        {
            keys[key.Name] = key.Value;
        }

        foreach (var (name, value) in fromConfiguration)
        {
            keys[name] = value;
        }

        return keys;
    }

    private static bool SecretEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    /// <summary>A new key: 40 random bytes, base64url (safe in a query string).</summary>
    internal static string NewKey() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(40));

    private sealed record Snapshot<T>(T Document, DateTimeOffset LoadedAt);
}
