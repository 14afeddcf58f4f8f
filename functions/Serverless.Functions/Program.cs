using Microsoft.Extensions.Hosting;
using Serverless.Host;
using Serverless.Jobs;
using Serverless.Tasks.Functions;

// Job mode: this same binary runs one rank of a CPU-bound task ([Task(CpuBound = true)] or [CpuBoundTask]) when a
// launcher starts it with --serverless-job (a child process locally, a Container Apps job execution in Azure).
if (JobEntryPoint.IsJobMode(args))
{
    return await TaskJobs.RunAsync(args);
}

var builder = FunctionsApplication.CreateBuilder(args);
await builder.Build().RunAsync();
return 0;
