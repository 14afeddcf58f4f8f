using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Client;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task ClassBasedOrchestratorAndActivity_ResolvedThroughDependencyInjection()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestrator<GreetingOrchestrator>()
            .AddActivity<GreetActivity>());

        var result = await host.RunAsync(nameof(GreetingOrchestrator), new Person("Ada"));

        Assert.Equal("Hello, Ada!", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SerializedForms_JsonInJsonOut()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorSerialized("Raw", async (ctx, input) =>
            {
                var upper = await ctx.CallActivityAsync<string>("RawActivity", ctx.GetInput<string>());
                return $"{{\"input\":{input},\"upper\":\"{upper}\"}}";
            })
            .AddActivitySerialized("RawActivity", (_, input, _) => Task.FromResult<string?>(input!.ToUpperInvariant())));

        var result = await host.RunAsync("Raw", "abc");

        Assert.Equal("abc", result.ReadOutputAs<RawOutput>()!.Input);
        Assert.Equal("ABC", result.ReadOutputAs<RawOutput>()!.Upper);
    }

    [Fact]
    public void AddOrchestrator_DuplicateName_Throws()
    {
        var registry = new DurableTaskRegistry().AddOrchestratorFunc("Same", _ => Task.CompletedTask);

        var ex = Assert.Throws<ArgumentException>(() => registry.AddOrchestratorFunc("same", _ => Task.CompletedTask));
        Assert.Contains("'same'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x!")]
    [InlineData("h234567890123456789012345678901234567890123456")] // 46 characters: longer than Azure Storage names allow
    public async Task AddDurableTaskEngine_InvalidHubName_FailsAtStartNamingTheKey(string hubName)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDurableTaskEngine(o => o.HubName = hubName).UseInMemoryStorage();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("hubName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateMessage_SameMessageId_AppliedOnce()
    {
        await using var host = await DurableTestHost.StartAsync(r => r
            .AddOrchestratorFunc<string, string>("TwoItems", async (ctx, _) =>
            {
                var first = await ctx.WaitForExternalEvent<string>("Item");
                try
                {
                    return first + await ctx.WaitForExternalEvent<string>("Item", TimeSpan.FromMilliseconds(300));
                }
                catch (TaskCanceledException)
                {
                    return first + ":only-once";
                }
            }));
        var ct = TestContext.Current.CancellationToken;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("TwoItems", ct);
        await host.Client.WaitForInstanceStartAsync(id, ct);
        var message = new TaskMessage { InstanceId = id, Event = new EventRaisedEvent { Name = "Item", Input = "\"a\"" }, MessageId = "redelivered" };

        await host.Store.SendMessageAsync(message, ct);
        await Serverless.Testing.Poll.UntilAsync(async () => (await host.Store.GetHistoryAsync(id, ct)).OfType<EventRaisedEvent>().Any(), "first delivery");
        await host.Store.SendMessageAsync(message, ct);

        Assert.Equal("a:only-once", (await host.CompleteAsync(id)).ReadOutputAs<string>());
    }

    private sealed record Person(string Name);

    private sealed record RawOutput(string Input, string Upper);

    private sealed class GreetingOrchestrator : TaskOrchestrator<Person, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, Person input) =>
            await context.CallActivityAsync<string>(nameof(GreetActivity), input.Name);
    }

    private sealed class GreetActivity(TimeProvider time) : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input) =>
            Task.FromResult(time is null ? "no DI" : $"Hello, {input}!");
    }
}
