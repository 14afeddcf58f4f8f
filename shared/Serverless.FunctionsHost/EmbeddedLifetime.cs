using Microsoft.Extensions.Hosting;

namespace Serverless.FunctionsHost;

/// <summary>
/// The lifetime of the hosts inside <see cref="LocalFunctionsHost"/> (HTTP front, worker RPC server, WebJobs host):
/// none of their own. The default console lifetime would stop each of them on SIGINT/SIGTERM behind the owner's back
/// (and cancel the signal, so the owner never hears of it); the owner of the <see cref="LocalFunctionsHost"/> (the CLI,
/// a test) decides when it stops.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
