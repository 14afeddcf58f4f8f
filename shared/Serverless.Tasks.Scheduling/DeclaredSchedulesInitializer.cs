using Azure;
using Microsoft.Extensions.Hosting;

namespace Serverless.Tasks.Scheduling;

/// <summary>
/// Upserts the declared schedules when the host starts (every host, whether or not it takes part in firing), so the
/// start fails naming the table when storage cannot be written, and schedules listed right after the start are there.
/// </summary>
internal sealed class DeclaredSchedulesInitializer(DeclaredSchedules declared, ScheduleStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await declared.EnsureUpsertedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw new InvalidOperationException(
                $"The declared task schedules could not be written to table '{store.TableName}' ({ex.Status} {ex.ErrorCode}): {ex.Message}", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
