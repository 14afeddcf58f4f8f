using Serverless.DurableTask;
using Serverless.DurableTask.Client;
using Serverless.Jobs;
using Serverless.Jobs.Functions;

namespace Serverless.Functions.Jobs;

/// <summary>How many points each rank samples, and the seed the ranks derive theirs from.</summary>
public sealed record PiRequest(long SamplesPerRank = 20_000_000, int Seed = 1);

/// <summary>One rank's count of points inside the quarter circle.</summary>
public sealed record PiSample(int Rank, long Inside, long Samples);

/// <summary>The combined estimate.</summary>
public sealed record PiEstimate(double Pi, long Inside, long Samples, int Ranks);

/// <summary>
/// A CPU-bound task as a job: a Monte Carlo estimate of pi split over 4 ranks. Each rank is its own process (locally a
/// child process of this app's binary, in Azure a Container Apps job execution) sampling with a seed from its rank; the
/// orchestrator calls the task like an activity, gets the ranks' samples in rank order and combines them.
/// POST /api/jobs/pi {"samplesPerRank": 20000000, "seed": 1} starts it and answers with the check-status URLs.
/// </summary>
public static class EstimatePi
{
    [CpuBoundTask("EstimatePi"), CpuBound(Cpus = 1, MemoryGiB = 0.5, Ranks = 4, TimeoutSeconds = 600)]
    public static Task<PiSample> Sample(JobContext context, PiRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (input.SamplesPerRank <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.SamplesPerRank, "samplesPerRank must be positive.");
        }

#pragma warning disable CA5394 // Monte Carlo sampling, not security: a seeded, reproducible generator is the point.
        var random = new Random(unchecked((input.Seed * 1_000_003) + context.Rank));
        var inside = 0L;
        for (var i = 0L; i < input.SamplesPerRank; i++)
        {
            if ((i & 0xFFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (x, y) = (random.NextDouble(), random.NextDouble());
            inside += x * x + y * y <= 1 ? 1 : 0;
        }
#pragma warning restore CA5394

        return Task.FromResult(new PiSample(context.Rank, inside, input.SamplesPerRank));
    }

    [Function("EstimatePiOrchestrator")]
    public static async Task<PiEstimate> RunOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<PiRequest>() ?? new PiRequest();
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 2, firstRetryInterval: TimeSpan.FromSeconds(5)));
        var samples = await context.CallActivityAsync<PiSample[]>("EstimatePi", request, retry);
        var inside = samples.Sum(s => s.Inside);
        var total = samples.Sum(s => s.Samples);
        return new PiEstimate(4.0 * inside / total, inside, total, samples.Length);
    }

    [Function("EstimatePi_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs/pi")] HttpRequestData req,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = await req.ReadFromJsonAsync<PiRequest>() ?? new PiRequest();
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync("EstimatePiOrchestrator", request);
        return await client.CreateCheckStatusResponseAsync(req, instanceId);
    }
}
