using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Jobs;
using Serverless.Orchestrations;
using Serverless.Tasks;

// Job mode: the same binary runs one rank of a CPU-bound job (a local child process, or a Container Apps job
// execution) and exits with its code.
if (JobEntryPoint.IsJobMode(args))
{
    return await JobEntryPoint.RunAsync(args, JobTasks.Registry);
}

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

var openTelemetry = builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    openTelemetry.UseAzureMonitorExporter();
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddServerlessJobFunctions(JobTasks.Registry);
builder.Services.AddServerlessTasks(new TaskRegistry().AddTasksFrom(typeof(Program).Assembly));

await builder.Build().RunAsync();
return 0;
