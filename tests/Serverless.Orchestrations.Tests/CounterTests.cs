namespace Serverless.Orchestrations.Tests;

/// <summary>
/// The counter entity through ITaskEntity.RunAsync, as the entity trigger dispatches it. The in-process test host has no
/// entity support, so the entity's HTTP functions and its trigger are left to the end-to-end tests.
/// </summary>
public sealed class CounterTests
{
    private readonly FakeEntityState state = new();

    [Fact]
    public async Task RunAsync_AddTwice_StateIsTheSum()
    {
        await RunAsync("add", 5);
        await RunAsync("Add", 3);

        Assert.Equal(8, state.GetState(typeof(int)));
        Assert.Equal(8, await RunAsync("get"));
    }

    [Fact]
    public async Task RunAsync_Reset_StateIsZero()
    {
        await RunAsync("add", 5);

        await RunAsync("reset");

        Assert.Equal(0, await RunAsync("get"));
    }

    [Fact]
    public async Task RunAsync_NeverSignalled_GetIsZero()
    {
        Assert.Equal(0, await RunAsync("get"));
    }

    [Fact]
    public async Task RunAsync_UnknownOperation_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => RunAsync("multiply", 2).AsTask());

        Assert.Contains("'counter/multiply'", error.Message, StringComparison.Ordinal);
    }

    private ValueTask<object?> RunAsync(string operation, object? input = null) =>
        new Counter().RunAsync(new FakeEntityOperation(operation, input, state));
}
