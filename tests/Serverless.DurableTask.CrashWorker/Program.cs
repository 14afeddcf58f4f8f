using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.CrashWorker;

// A durable worker on Azure Storage for the crash and two-host tests, killed with SIGKILL by them.
// Usage: CrashWorker <connection string> <task hub> <worker id> <execution log directory>
if (args.Length != 4)
{
    await Console.Error.WriteLineAsync("usage: Serverless.DurableTask.CrashWorker <connection string> <task hub> <worker id> <execution log directory>");
    return 2;
}

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Information);
builder.Services.AddDurableTaskEngine(o =>
{
    o.HubName = args[1];
    o.ReceiveTimeout = TimeSpan.FromMilliseconds(500);
    o.OrchestrationLockTimeout = TimeSpan.FromSeconds(5);
    o.ActivityLockTimeout = TimeSpan.FromSeconds(5);
})
.UseAzureStorage(args[0], o =>
{
    o.WorkerId = args[2];
    o.LeaseDuration = TimeSpan.FromSeconds(15);
    o.LeaseRenewInterval = TimeSpan.FromSeconds(2);
    o.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200);
})
.AddTasks(r => CrashTasks.Register(r, args[3], TimeSpan.FromMilliseconds(30)));

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("started");
await host.WaitForShutdownAsync();
return 0;
