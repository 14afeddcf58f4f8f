using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Jobs;
using Serverless.Jobs.Functions;

namespace Serverless.Orchestrations;

/// <summary>An estimate of pi: how many samples, from how many ranks. <see cref="TimeoutSeconds"/> 0 keeps the task's limit.</summary>
public sealed record PiRequest(
    [property: Range(1, 10_000_000_000)] long SamplesPerRank = 2_000_000,
    [property: Range(0, 86_400)] double TimeoutSeconds = 0);

/// <summary>What one rank of the job is asked: its share of the samples.</summary>
public sealed record PiSampling(long Samples);

/// <summary>What one rank found: of its samples, how many fell inside the quarter circle.</summary>
public sealed record PiSample(int Rank, long Samples, long Inside);

/// <summary>The estimate and what it is made of.</summary>
public sealed record PiEstimate(double Pi, long Samples, int Ranks);

/// <summary>
/// A CPU-bound step: a Monte Carlo estimate of pi as a job of 4 ranks (separate processes locally, Container Apps job
/// executions in Azure), called from an orchestration like an activity and waited for durably. The job task is an
/// ordinary method marked <see cref="CpuBoundAttribute"/> and registered in <see cref="JobTasks.Registry"/>.
/// </summary>
public static class EstimatePi
{
    public const string Task = "monte_carlo_pi";

    [Function("estimate_pi")]
    public static async Task<PiEstimate> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var request = context.GetInput<PiRequest>() ?? throw new InvalidOperationException("estimate_pi needs a PiRequest input.");
        TimeSpan? timeout = request.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(request.TimeoutSeconds) : null;
        var samples = await context.CallJobAsync<PiSample[]>(Task, new PiSampling(request.SamplesPerRank), timeout)
            ?? throw new InvalidOperationException($"{Task} returned no samples.");
        long total = samples.Sum(s => s.Samples);
        return new PiEstimate(4.0 * samples.Sum(s => s.Inside) / total, total, samples.Length);
    }

    /// <summary>One rank: counts random points of the unit square inside the quarter circle, seeded by the job and rank.</summary>
    [CpuBound(Cpus = 0.5, MemoryGiB = 1, Ranks = 4, TimeoutSeconds = 600)]
    public static Task<PiSample> SampleAsync(JobContext job, PiSampling sampling, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampling.Samples, nameof(sampling.Samples));
        var random = new Random(HashCode.Combine(job.JobId, job.Rank));
        long inside = 0;
        for (long i = 0; i < sampling.Samples; i++)
        {
            if ((i & 0xFFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            double x = random.NextDouble(), y = random.NextDouble();
            if ((x * x) + (y * y) <= 1)
            {
                inside++;
            }
        }

        return System.Threading.Tasks.Task.FromResult(new PiSample(job.Rank, sampling.Samples, inside));
    }

    [Function("estimate_pi_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orchestrations/estimate_pi")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        var (request, badRequest) = await StartInput.ReadAsync<PiRequest>(req);
        if (badRequest is not null)
        {
            return badRequest;
        }

        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync("estimate_pi", request);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
