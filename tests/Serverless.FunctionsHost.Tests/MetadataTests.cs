using Serverless.FunctionsHost.Http;
using Serverless.FunctionsHost.Rpc;
using Serverless.FunctionsHost.WebJobs;
using Serverless.FunctionsHost.Worker;

namespace Serverless.FunctionsHost.Tests;

/// <summary>The worker's function metadata checked as the Functions host checks it (unit tests: no worker, no storage).</summary>
public sealed class MetadataTests
{
    [Fact]
    public void FromWorker_UnknownTriggerType_NamesFunctionBindingAndType()
    {
        var error = Assert.Throws<HostStartupException>(() => FunctionDescriptor.FromWorker([Function("Ingest", """{"name":"blob","type":"blobTrigger","direction":"In","path":"in/{name}"}""")]));

        Assert.Contains("Function 'Ingest': binding 'blob' has trigger type 'blobTrigger'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromWorker_UnsupportedOutput_NamesFunctionAndBinding()
    {
        var error = Assert.Throws<HostStartupException>(() => FunctionDescriptor.FromWorker([Function("Save",
            """{"name":"message","type":"queueTrigger","direction":"In","queueName":"in"}""",
            """{"name":"$return","type":"table","direction":"Out","tableName":"t"}""")]));

        Assert.Contains("Function 'Save': output binding '$return' of type 'table' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromWorker_EveryProblemReportedAtOnce()
    {
        var error = Assert.Throws<HostStartupException>(() => FunctionDescriptor.FromWorker(
        [
            Function("NoTrigger", """{"name":"$return","type":"queue","direction":"Out","queueName":"q"}"""),
            Function("NoQueue", """{"name":"m","type":"queueTrigger","direction":"In"}"""),
        ]));

        Assert.Contains("Function 'NoTrigger' has 0 trigger bindings", error.Message, StringComparison.Ordinal);
        Assert.Contains("Function 'NoQueue': queue trigger 'm' has no queueName", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin/report")]
    [InlineData("runtime/status")]
    public void Routes_BuiltInPrefix_ConflictAsFunctionsReportsIt(string route)
    {
        var functions = FunctionDescriptor.FromWorker([Http("Report", route, "get")]);

        var error = Assert.Throws<HostStartupException>(() => HttpRoute.From(functions, "api"));

        Assert.Contains($"Function 'Report' (route '{route}'): The specified route conflicts with one or more built in routes.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Routes_TwoFunctionsOnOneRouteAndMethod_NamesBoth()
    {
        var functions = FunctionDescriptor.FromWorker([Http("First", "items/{id}", "get", "post"), Http("Second", "items/{key:int}", "post")]);

        var error = Assert.Throws<HostStartupException>(() => HttpRoute.From(functions, "api"));

        Assert.Contains("Functions 'First' and 'Second' both answer POST on route 'api/items/{key:int}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Routes_SameRouteOtherMethods_Accepted()
    {
        var functions = FunctionDescriptor.FromWorker([Http("Read", "items/{id}", "get"), Http("Write", "items/{id}", "put")]);

        var routes = HttpRoute.From(functions, "");

        Assert.Equal(["items/{id}", "items/{id}"], routes.Select(r => r.Template));
    }

    private static WorkerFunction Http(string name, string route, params string[] methods) =>
        Function(name, $$"""{"name":"req","type":"httpTrigger","direction":"In","authLevel":"Function","route":"{{route}}","methods":[{{string.Join(",", methods.Select(m => $"\"{m}\""))}}]}""",
            """{"name":"$return","type":"http","direction":"Out"}""");

    private static WorkerFunction Function(string name, params string[] bindings)
    {
        var metadata = new RpcFunctionMetadata { Name = name, FunctionId = Guid.NewGuid().ToString() };
        metadata.RawBindings.AddRange(bindings);
        return new WorkerFunction(name, metadata);
    }
}
