using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Jobs;
using Serverless.Jobs.Functions;
using Serverless.Tasks.Functions.CpuBound;

namespace Serverless.Tasks.Functions;

/// <summary>
/// Job mode of a function app with tasks: the app's own binary runs one rank of a CPU-bound [Task] or [CpuBoundTask]
/// and exits. At the top of Program.cs:
/// <code>if (JobEntryPoint.IsJobMode(args)) return await TaskJobs.RunAsync(args);</code>
/// Inside the job a task's context has no task client (<see cref="TaskContext.Tasks"/> throws): follow-up work goes in RunAfter.
/// Its services are the job process's own (configuration from the environment, logging to stderr), not the host's: a
/// CPU-bound task is best a static method.
/// </summary>
public static class TaskJobs
{
    /// <summary>Runs the job the arguments name with the app's [CpuBoundTask] functions and CPU-bound tasks; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, Assembly? app = null, CancellationToken cancellationToken = default) =>
        RunAsync(args, app, [], cancellationToken);

    /// <summary>As <see cref="RunAsync(string[], Assembly?, CancellationToken)"/>, with the task registries the app adds to its services.</summary>
    public static async Task<int> RunAsync(string[] args, Assembly? app, IEnumerable<TaskRegistry> registries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(registries);
        var application = app ?? Assembly.GetEntryAssembly();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build())
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
            .BuildServiceProvider();
        await using (services.ConfigureAwait(false))
        {
            var registry = CreateRegistry(application, registries, services);
            return await JobEntryPoint.RunAsync(args, registry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The job registry: the [CpuBoundTask] functions and every CPU-bound task (under <see cref="TaskJobInput.JobTaskName"/>).</summary>
    internal static JobRegistry CreateRegistry(Assembly? application, IEnumerable<TaskRegistry> registries, IServiceProvider services)
    {
        var registry = CpuBoundJobs.CreateRegistry(application);
        TaskCatalog catalog;
        try
        {
            catalog = TaskCatalogFactory.Create(TaskAssemblies.Find(application), registries);
        }
        catch (TaskDeclarationException e)
        {
            // The [CpuBoundTask] jobs still run; a task job fails as not registered, with this reason in its stderr tail.
            Console.Error.WriteLine($"Job mode: the app's CPU-bound tasks are not available. {e.Message}");
            return registry;
        }

        foreach (var task in catalog.Tasks.Where(t => t.CpuBound is not null))
        {
            registry.Add<TaskJobInput, JsonElement?>(TaskJobInput.JobTaskName(task.Name), (context, input, cancellationToken) =>
            {
                var run = new TaskRunInfo(input.RunId, task.Name, input.Attempt, input.Priority, input.DueTime, input.ScheduleId);
                return task.InvokeAsync(run, input.Parameters, services, tasks: null, context.Logger, cancellationToken);
            });
        }

        return registry;
    }
}
