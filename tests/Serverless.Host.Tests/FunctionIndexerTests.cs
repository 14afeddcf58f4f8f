using Serverless.Host.Indexing;
using Serverless.Host.Testing;
using Serverless.Testing;
using Serverless.Worker;

namespace Serverless.Host.Tests;

public sealed class FunctionIndexerTests(AzuriteFixture azurite)
{
    [Fact]
    public void Build_BadDeclarations_FailsNamingEachMethodAndProblem()
    {
        var error = Assert.Throws<FunctionIndexingException>(() =>
            TestFunctionHost.Build(azurite.ConnectionString, [typeof(BadFunctions)], configureServices: s => ManualTriggers.Register(s)));

        Assert.Contains(error.Problems, p => p.Contains("BadFunctions.Duplicate", StringComparison.Ordinal) && p.Contains("already used", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("BadFunctions.UnknownParameter", StringComparison.Ordinal) && p.Contains("'mystery'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("BadFunctions.NoTrigger", StringComparison.Ordinal) && p.Contains("no parameter has a trigger", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("BadFunctions.BadName", StringComparison.Ordinal) && p.Contains("'9lives'", StringComparison.Ordinal));
        Assert.Equal(4, error.Problems.Count);
    }

    [Fact]
    public async Task Start_UnknownHostJsonKey_FailsNamingTheKey()
    {
        await using var host = TestFunctionHost.Build(azurite.ConnectionString, [typeof(GoodFunctions)],
            new Dictionary<string, string?> { ["AzureFunctionsJobHost:functionTimout"] = "00:01:00" },
            s => ManualTriggers.Register(s));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.Host.StartAsync());

        Assert.Contains("'functionTimout' is not a known setting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadFunctionTimeoutValue_FailsNamingTheKey()
    {
        await using var host = TestFunctionHost.Build(azurite.ConnectionString, [typeof(GoodFunctions)],
            new Dictionary<string, string?> { ["AzureFunctionsJobHost:functionTimeout"] = "five minutes" },
            s => ManualTriggers.Register(s));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.Host.StartAsync());

        Assert.Contains("functionTimeout", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    public sealed class GoodFunctions
    {
        [Function("Good")]
        public static void Good([ManualTrigger] string payload)
        {
        }
    }

    public sealed class BadFunctions
    {
        [Function("Same")]
        public static void First([ManualTrigger] string payload)
        {
        }

        [Function("Same")]
        public static void Duplicate([ManualTrigger] string payload)
        {
        }

        [Function("Unknown")]
        public static void UnknownParameter([ManualTrigger] string payload, Guid mystery)
        {
        }

        [Function("NoTrigger")]
        public static void NoTrigger(string payload)
        {
        }

        [Function("9lives")]
        public static void BadName([ManualTrigger] string payload)
        {
        }
    }
}
