using Microsoft.Extensions.Hosting;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// Upserts the declared schedules when the host starts (every host, whether or not it takes part in firing), so the
/// start fails naming the table when storage cannot be written, and schedules listed right after the start are there.
/// </summary>
internal sealed class DeclaredSchedulesInitializer(DeclaredSchedules declared) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => declared.EnsureUpsertedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
