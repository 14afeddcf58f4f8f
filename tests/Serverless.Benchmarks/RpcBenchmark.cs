using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.FunctionsHost;
using Serverless.FunctionsHost.Rpc;
using Serverless.FunctionsHost.WebJobs;
using Serverless.FunctionsHost.Worker;

namespace Serverless.Benchmarks;

/// <summary>
/// The invocation round trip over the worker channel alone: the host's internal WorkerChannel and FunctionRpc server
/// with the test app's worker (no WebJobs host, no storage), 1,000 sequential InvocationRequests of the no-op activity
/// Add, built as the dispatcher builds them (TriggerInputs), each timed from InvokeAsync to its InvocationResponse.
/// </summary>
internal sealed class RpcBenchmark : IBenchmark
{
    private const int Calls = 1000;
    private const int Warmup = 200;

    public string Name => "rpc";

    public TimeSpan Timeout => TimeSpan.FromSeconds(90);

    public async Task RunAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var loggers = NullLoggerFactory.Instance;
        var environment = new Dictionary<string, string>(TestApp.Settings(run.ConnectionString, "rpc"))
        {
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = TestApp.Directory,
            ["FUNCTIONS_WORKER_DIRECTORY"] = TestApp.Directory,
            ["AzureWebJobsScriptRoot"] = TestApp.Directory,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
        };
        await using var channel = new WorkerChannel(new WorkerChannelOptions { Config = WorkerConfig.Load(TestApp.Directory), Environment = environment }, loggers, TimeProvider.System);
        var (server, rpcUri) = await WorkerRpcServer.StartAsync(channel, loggers, cancellationToken);
        await using (server)
        {
            await channel.StartAsync(rpcUri, cancellationToken);
            await channel.LoadFunctionsAsync(cancellationToken);
            var add = FunctionDescriptor.FromWorker(channel.Functions).Single(f => f.Name == "Add");
            run.Log($"worker {channel.ProcessId} ready on {rpcUri}");

            for (var i = 0; i < Warmup; i++)
            {
                await InvokeAsync(channel, add, i, cancellationToken);
            }

            var times = new List<double>(Calls);
            for (var i = 0; i < Calls; i++)
            {
                times.Add(await InvokeAsync(channel, add, i, cancellationToken));
            }

            await channel.StopAsync(cancellationToken);
            var (p50, p99) = (Stats.Median(times), Stats.Percentile(times, 99));
            run.Report.Add(
                $"rpc: invocation round trip over the worker channel (WorkerChannel.InvokeAsync of the no-op activity Add), {Calls:N0} sequential calls",
                $"p50 {Stats.Ms(p50)}, p99 {Stats.Ms(p99)} (max {Stats.Ms(times.Max())})",
                "",
                $"p50 {Report.Below(p50, 1, "ms")}; p99 {Report.Below(p99, 5, "ms")}");
        }
    }

    /// <summary>One Add(i, 1) invocation; checks the worker's answer and returns the round trip in ms.</summary>
    private static async Task<double> InvokeAsync(WorkerChannel channel, FunctionDescriptor add, int i, CancellationToken cancellationToken)
    {
        var request = TriggerInputs.NewRequest();
        TriggerInputs.AddTrigger(request, add, JsonSerializer.Serialize(new { Total = i, Value = 1, DelayMs = 0 }));
        var started = Stopwatch.GetTimestamp();
        var response = await channel.InvokeAsync(add.Name, request, resendOnWorkerExit: false, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.Result?.Status != StatusResult.Types.Status.Success || TypedDataConverter.ToDurableResult(response.ReturnValue)?.ToString() != (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"Add({i}, 1) answered {response.Result?.Status} {response.Result?.Exception?.Message} with {response.ReturnValue}.");
        }

        return elapsed;
    }
}
