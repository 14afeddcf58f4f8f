using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Tasks;
using Serverless.Tasks.Functions.TestApp;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
var registry = new TaskRegistry().AddTasksFrom(typeof(TestTasks)).AddTasksFrom(typeof(ChainTasks));
if (Environment.GetEnvironmentVariable("TESTAPP_BAD_TASK") is { Length: > 0 })
{
    // A declaration the registry refuses: the worker's start must fail naming the task and the option.
    registry.Add("bad_task", _ => Task.CompletedTask, o => o.MaxRetries = -1);
}

builder.Services.AddServerlessTasks(registry);
builder.Build().Run();
