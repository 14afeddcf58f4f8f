
namespace Serverless.FunctionsHost.Http.Keys;

/// <summary>Reading, generating and extending the secrets blobs, race-safe between hosts (conditional writes, retried).</summary>
internal sealed partial class HostKeys
{
    public async ValueTask<string> GetOrCreateSystemKeyAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (configured.SystemKeys.TryGetValue(name, out var fromConfiguration))
        {
            return fromConfiguration;
        }

        var cached = await HostSecretsAsync(refresh: false, cancellationToken).ConfigureAwait(false);
        if (cached.SystemKeys.Find(k => k.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } found)
        {
            return found.Value;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var (document, etag) = await store.ReadAsync<HostSecretsDocument>(HostBlob, cancellationToken).ConfigureAwait(false);
                if (document is null)
                {
                    document = await LoadOrCreateHostAsync(cancellationToken).ConfigureAwait(false);
                    (document, etag) = await store.ReadAsync<HostSecretsDocument>(HostBlob, cancellationToken).ConfigureAwait(false);
                    if (document is null)
                    {
                        continue;
                    }
                }

                CheckReadable(document.SystemKeys, HostBlob);
                if (document.SystemKeys.Find(k => k.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } existing)
                {
                    _host = new(document, time.GetUtcNow());
                    return existing.Value;
                }

                var key = new SecretKey(name, NewKey());
                document.SystemKeys.Add(key);
                if (await store.TryReplaceAsync(HostBlob, document, etag, cancellationToken).ConfigureAwait(false))
                {
                    Log.SystemKeyCreated(logger, name, SecretsStore.ContainerName, HostBlob);
                    _host = new(document, time.GetUtcNow());
                    return key.Value;
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        throw new InvalidOperationException($"Could not add system key '{name}' to '{SecretsStore.ContainerName}/{HostBlob}': it kept changing under {MaxAttempts} attempts.");
    }

    public async ValueTask<string> GetOrCreateFunctionKeyAsync(string functionName, string keyName = "default", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyName);
        if (configured.FunctionKeys(functionName).TryGetValue(keyName, out var fromConfiguration))
        {
            return fromConfiguration;
        }

        var blob = FunctionBlob(functionName);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var document = await FunctionSecretsAsync(functionName, refresh: attempt > 0, cancellationToken).ConfigureAwait(false);
            if (document.Keys.Find(k => k.Name.Equals(keyName, StringComparison.OrdinalIgnoreCase)) is { } existing)
            {
                return existing.Value;
            }

            var (current, etag) = await store.ReadAsync<FunctionSecretsDocument>(blob, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                continue;
            }

            var key = new SecretKey(keyName, NewKey());
            current.Keys.Add(key);
            if (await store.TryReplaceAsync(blob, current, etag, cancellationToken).ConfigureAwait(false))
            {
                Log.FunctionKeyCreated(logger, keyName, functionName, SecretsStore.ContainerName, blob);
                lock (_functions)
                {
                    _functions[functionName] = new(current, time.GetUtcNow());
                }

                return key.Value;
            }
        }

        throw new InvalidOperationException($"Could not add key '{keyName}' to '{SecretsStore.ContainerName}/{blob}': it kept changing under {MaxAttempts} attempts.");
    }

    /// <summary>The host secrets (generated into storage when absent), cached unless <paramref name="refresh"/>.</summary>
    internal async Task<HostSecretsDocument> HostSecretsAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh && _host is { } cached)
        {
            return cached.Document;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!refresh && _host is { } loaded)
            {
                return loaded.Document;
            }

            var document = await LoadOrCreateHostAsync(cancellationToken).ConfigureAwait(false);
            _host = new(document, time.GetUtcNow());
            return document;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A function's secrets (generated with a "default" key when absent), cached unless <paramref name="refresh"/>.</summary>
    internal async Task<FunctionSecretsDocument> FunctionSecretsAsync(string functionName, bool refresh, CancellationToken cancellationToken)
    {
        lock (_functions)
        {
            if (!refresh && _functions.TryGetValue(functionName, out var cached))
            {
                return cached.Document;
            }
        }

        var blob = FunctionBlob(functionName);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (document, _) = await store.ReadAsync<FunctionSecretsDocument>(blob, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                document = new FunctionSecretsDocument { Keys = [new SecretKey("default", NewKey())] };
                if (!await store.TryCreateAsync(blob, document, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                Log.KeysGenerated(logger, SecretsStore.ContainerName, blob);
            }

            CheckReadable(document.Keys, blob);
            lock (_functions)
            {
                _functions[functionName] = new(document, time.GetUtcNow());
            }

            return document;
        }

        throw new InvalidOperationException($"Could not read or create '{SecretsStore.ContainerName}/{blob}' in {MaxAttempts} attempts.");
    }

    private async Task<HostSecretsDocument> LoadOrCreateHostAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (document, _) = await store.ReadAsync<HostSecretsDocument>(HostBlob, cancellationToken).ConfigureAwait(false);
            if (document is not null)
            {
                if (document.MasterKey is null)
                {
                    throw new InvalidOperationException($"Secrets blob '{SecretsStore.ContainerName}/{HostBlob}' has no masterKey. Delete it to have the keys generated again.");
                }

                CheckReadable([document.MasterKey, .. document.FunctionKeys, .. document.SystemKeys], HostBlob);
                return document;
            }

            var created = new HostSecretsDocument
            {
                MasterKey = new SecretKey("master", NewKey()),
                FunctionKeys = [new SecretKey("default", NewKey())],
            };
            if (await store.TryCreateAsync(HostBlob, created, cancellationToken).ConfigureAwait(false))
            {
                Log.KeysGenerated(logger, SecretsStore.ContainerName, HostBlob);
                return created;
            }
        }

        throw new InvalidOperationException($"Could not read or create '{SecretsStore.ContainerName}/{HostBlob}' in {MaxAttempts} attempts.");
    }

    private string FunctionBlob(string functionName) => $"{HostId}/{functionName.ToLowerInvariant()}.json";

    private static void CheckReadable(IEnumerable<SecretKey> keys, string blob)
    {
        if (keys.FirstOrDefault(k => k.Encrypted) is { } encrypted)
        {
            throw new InvalidOperationException(
                $"Key '{encrypted.Name}' in '{SecretsStore.ContainerName}/{blob}' is encrypted (written by Azure Functions with its own data protection key), " +
                "so this host cannot read it. Set the keys in configuration instead, or delete the blob to have new keys generated.");
        }
    }
}
