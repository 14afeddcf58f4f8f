using System.ComponentModel.DataAnnotations;
using Serverless.Tasks;

namespace Serverless.Functions.Tasks;

/// <summary>The range to count primes below.</summary>
public sealed record PrimeRange([property: Range(2, 2_000_000_000)] long Below = 5_000_000);

/// <summary>
/// fluid's cpu_bound idiom: a CPU-heavy task declared like any other, run as a job (a child process of this binary
/// locally, a Container Apps job execution in Azure) with 2 cores and 1 GiB, so the host keeps serving its other work.
/// POST /admin/tasks/count_primes/runs {"parameters": {"below": 10000000}}.
/// </summary>
public static class PrimeCount
{
    [Task("count_primes", CpuBound = true, Cpus = 2, MemoryGiB = 1, Timeout = "00:10:00", MaxRetries = 1)]
    public static Task<long> Run(TaskContext<PrimeRange> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var below = context.Parameters.Below;
        var composite = new bool[below];
        var count = 0L;
        for (var i = 2L; i < below; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
            }

            if (composite[i])
            {
                continue;
            }

            count++;
            for (var j = i * i; j < below; j += i)
            {
                composite[j] = true;
            }
        }

        return Task.FromResult(count);
    }
}
