using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Tasks;
using Serverless.Tasks.Runtime;

// A task worker on Azure Storage for the crash tests, killed by them mid-run (SIGKILL: no shutdown, the message stays).
// Its one task, "crashy", writes "{marker dir}/started.{attempt}" and then blocks until cancelled.
// Usage: CrashWorker <connection string> <storage prefix> <marker directory> <max retries>
if (args.Length != 4)
{
    await Console.Error.WriteLineAsync("usage: Serverless.Tasks.Runtime.CrashWorker <connection string> <storage prefix> <marker directory> <max retries>");
    return 2;
}

var (connection, prefix, markers) = (args[0], args[1], args[2]);
var maxRetries = int.Parse(args[3], CultureInfo.InvariantCulture);
var catalog = new TaskRegistry()
    .Add("crashy", async context =>
    {
        await File.WriteAllTextAsync(Path.Combine(markers, $"started.{context.Attempt}"), context.RunId, context.CancellationToken);
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
    }, o => o.MaxRetries = maxRetries)
    .Build();

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Information);
builder.Services.AddSingleton(catalog);
builder.Services.AddSingleton(TaskStorage.FromConnectionString(connection, prefix));
builder.Services.Configure<TasksOptions>(o =>
{
    o.StoragePrefix = prefix;
    o.VisibilityTimeout = TimeSpan.FromSeconds(5);
    o.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
});
builder.Services.AddServerlessTasksRuntime();

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("started");
await host.WaitForShutdownAsync();
return 0;
