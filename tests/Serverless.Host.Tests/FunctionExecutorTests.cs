using Serverless.Host.Testing;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Tests;

public sealed class FunctionExecutorTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ExecuteAsync_InstanceFunctionWithContextAndBindingData_GetsEverything()
    {
        ManualTriggers? triggers = null;
        await using var host = await TestFunctionHost.StartAsync(azurite.ConnectionString, [typeof(EchoFunctions)],
            configureServices: s => triggers = ManualTriggers.Register(s));

        var result = await triggers!.FireAsync("Echo", "hello", new Dictionary<string, object?> { ["Id"] = "m1", ["Count"] = "3" });

        Assert.True(result.Succeeded, result.Exception?.ToString());
        Assert.Equal("hello|m1|3|Echo", result.ReturnValue);
    }

    [Fact]
    public async Task ExecuteAsync_FunctionThrows_ResultCarriesTheException()
    {
        ManualTriggers? triggers = null;
        await using var host = await TestFunctionHost.StartAsync(azurite.ConnectionString, [typeof(EchoFunctions)],
            configureServices: s => triggers = ManualTriggers.Register(s));

        var result = await triggers!.FireAsync("Fail", "boom");

        Assert.False(result.Succeeded);
        Assert.IsType<InvalidOperationException>(result.Exception);
        Assert.Equal("boom", result.Exception!.Message);
    }

    [Fact]
    public async Task ExecuteAsync_FunctionRunsPastFunctionTimeout_FailsWithTimeout()
    {
        ManualTriggers? triggers = null;
        await using var host = await TestFunctionHost.StartAsync(azurite.ConnectionString, [typeof(EchoFunctions)],
            new Dictionary<string, string?> { ["AzureFunctionsJobHost:functionTimeout"] = "00:00:00.200" },
            s => triggers = ManualTriggers.Register(s));

        var result = await triggers!.FireAsync("Hang", null);

        Assert.False(result.Succeeded);
        Assert.IsType<TimeoutException>(result.Exception);
        Assert.Contains("Functions.Hang", result.Exception!.Message, StringComparison.Ordinal);
    }

    public sealed class EchoFunctions
    {
        [Function("Echo")]
        public static async Task<string> Echo([ManualTrigger] string payload, string id, int count, FunctionContext context)
        {
            await Task.Yield();
            return $"{payload}|{id}|{count}|{context.FunctionDefinition.Name}";
        }

        [Function("Fail")]
        public void Fail([ManualTrigger] string payload) => throw new InvalidOperationException(payload);

        [Function("Hang")]
        public static Task Hang([ManualTrigger] string? payload, CancellationToken cancellationToken) =>
            Task.Delay(Timeout.Infinite, CancellationToken.None);
    }
}
