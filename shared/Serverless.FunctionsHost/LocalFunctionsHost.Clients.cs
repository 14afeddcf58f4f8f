using Microsoft.Azure.WebJobs;
using Serverless.FunctionsHost.Http.Keys;

namespace Serverless.FunctionsHost;

/// <summary>What a test reaches the running app with: HTTP, keys.</summary>
public sealed partial class LocalFunctionsHost
{
    /// <summary>An HttpClient for the HTTP front (the caller disposes it).</summary>
    public HttpClient CreateHttpClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = BaseAddress };

    /// <summary>The master key (from settings, else generated into azure-webjobs-secrets).</summary>
    public async Task<string> GetMasterKeyAsync(CancellationToken cancellationToken = default) =>
        await Keys.GetMasterKeyAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A function's key ("default" unless named), created when it does not exist yet.</summary>
    public async Task<string> GetFunctionKeyAsync(string functionName, string keyName = "default", CancellationToken cancellationToken = default) =>
        await Keys.GetOrCreateFunctionKeyAsync(functionName, keyName, cancellationToken).ConfigureAwait(false);

    /// <summary>The WebJobs job host, to call a function directly.</summary>
    public IJobHost JobHost => _jobHost ?? throw new InvalidOperationException("The host has not started.");

    private HostKeys Keys => _keys ?? throw new InvalidOperationException("The host has not started.");
}
