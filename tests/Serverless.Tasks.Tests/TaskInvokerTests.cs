using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Tasks.Tests;

public sealed class TaskInvokerTests
{
    public static class StaticTasks
    {
        [Task("typed-async")]
        public static async Task<Shipment> TypedAsync(TaskContext<Order> context, CancellationToken cancellationToken)
        {
            await Task.Yield();
            Assert.Equal(context.CancellationToken, cancellationToken);
            return new Shipment(context.Parameters.Id, context.Parameters.Quantity * 2);
        }

        [Task("value-task")]
        public static ValueTask<int> ValueTaskOfT(CancellationToken cancellationToken, TaskContext context) =>
            ValueTask.FromResult(context.Parameters is JsonElement e ? e.GetArrayLength() : -1);

        [Task("plain-value-task")]
        public static ValueTask PlainValueTask() => ValueTask.CompletedTask;

        [Task("sync")]
        public static string Sync(TaskContext context) => $"{context.RunId}/{context.TaskName}/{context.Attempt}";

        [Task("void")]
        public static void Void(TaskContext context)
        {
        }

        [Task("returns-null")]
        public static Task<string?> ReturnsNull() => Task.FromResult<string?>(null);

        [Task("throws")]
        public static Task Throws(TaskContext context) => throw new InvalidDataException("bad data in " + context.TaskName);

        [Task("throws-async")]
        public static async Task ThrowsAsync(TaskContext context)
        {
            await Task.Yield();
            throw new InvalidDataException("bad data later");
        }
    }

    public sealed class InstanceTasks(Recorder recorder) : IDisposable
    {
        [Task("instance")]
        public Task Run(TaskContext context)
        {
            recorder.Calls.Add("run " + context.RunId);
            return Task.CompletedTask;
        }

        public void Dispose() => recorder.Calls.Add("disposed");
    }

    private static readonly TaskCatalog Catalog = new TaskRegistry().AddTasksFrom(typeof(StaticTasks)).AddTasksFrom<InstanceTasks>().Build();

    [Fact]
    public async Task Invoke_TypedAsyncWithToken_ResultSerialized()
    {
        var result = await Catalog.Get("typed-async").RunAsync("""{"id":"o-7","quantity":3}""");

        Assert.Equal("""{"orderId":"o-7","parcels":6}""", result!.Value.GetRawText());
    }

    [Fact]
    public async Task Invoke_TypedWithoutParameters_GetsDefaults()
    {
        var task = new TaskRegistry().Add<Order, string>("t", c => Task.FromResult(c.Parameters.Id), o => o.DefaultParameters = new Order("dflt")).Build().Get("t");

        var result = await task.RunAsync();

        Assert.Equal("dflt", result!.Value.GetString());
    }

    [Fact]
    public async Task Invoke_ValueTaskOfT_UntypedJsonParameters()
    {
        var result = await Catalog.Get("value-task").RunAsync("[1,2,3]");

        Assert.Equal(3, result!.Value.GetInt32());
    }

    [Theory]
    [InlineData("plain-value-task")]
    [InlineData("void")]
    [InlineData("returns-null")]
    public async Task Invoke_NoResult_Null(string name) => Assert.Null(await Catalog.Get(name).RunAsync());

    [Fact]
    public async Task Invoke_SyncResult_ContextCarriesRun()
    {
        var result = await Catalog.Get("sync").RunAsync();

        Assert.Equal("run-1/sync/1", result!.Value.GetString());
    }

    [Theory]
    [InlineData("throws", "bad data in throws")]
    [InlineData("throws-async", "bad data later")]
    public async Task Invoke_TaskThrows_ExceptionUnwrapped(string name, string message)
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Catalog.Get(name).RunAsync());

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task Invoke_InstanceMethod_BuiltFromServicesPerRunAndDisposed()
    {
        var recorder = new Recorder();
        var services = new ServiceCollection().AddSingleton(recorder).BuildServiceProvider();
        var task = Catalog.Get("instance");

        await task.RunAsync(services: services);
        await task.RunAsync(services: services);

        Assert.Equal(["run run-1", "disposed", "run run-1", "disposed"], recorder.Calls);
        Assert.False(recorder.Disposed);
    }

    [Fact]
    public async Task Invoke_Delegates_TypedAndUntyped()
    {
        object? seen = null;
        var catalog = new TaskRegistry()
            .Add("untyped", c =>
            {
                seen = c.Parameters;
                return Task.CompletedTask;
            })
            .Add<Order>("typed", c =>
            {
                seen = c.Parameters;
                return Task.CompletedTask;
            })
            .Add<Order, Shipment>("result", c => Task.FromResult(new Shipment(c.Parameters.Id, 1)))
            .Build();

        await catalog.Get("untyped").RunAsync();
        Assert.Null(seen);
        await catalog.Get("untyped").RunAsync("""{"x":1}""");
        Assert.Equal(1, ((JsonElement)seen!).GetProperty("x").GetInt32());
        await catalog.Get("typed").RunAsync("""{"id":"a"}""");
        Assert.Equal(new Order("a"), seen);
        Assert.Equal("""{"orderId":"b","parcels":1}""", (await catalog.Get("result").RunAsync("""{"id":"b"}"""))!.Value.GetRawText());
    }

    [Fact]
    public async Task Invoke_TasksClientMissing_ClearError()
    {
        var task = new TaskRegistry().Add("t", c => c.Tasks.EnqueueAsync("x")).Build().Get("t");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => task.RunAsync());

        Assert.Contains("'t'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_Cancelled_TokenReachesTask()
    {
        using var cts = new CancellationTokenSource();
        var task = new TaskRegistry().Add("wait", c => Task.Delay(Timeout.Infinite, c.CancellationToken)).Build().Get("wait");

        var run = task.RunAsync(cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
