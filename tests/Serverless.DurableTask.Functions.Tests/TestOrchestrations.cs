using Serverless.DurableTask.Client;
using Serverless.Worker;
using Serverless.Worker.Http;

namespace Serverless.DurableTask.Functions.Tests;

/// <summary>What the failure-details orchestrator saw in its catch block.</summary>
public sealed record CaughtFailure(string TaskName, string ErrorType, string ErrorMessage, bool CausedByArgumentOutOfRange);

/// <summary>A service injected into an instance orchestrator class (proves the class is built from a DI scope).</summary>
public sealed class Greeter
{
    public string Greet(string name) => $"hello {name}";
}

/// <summary>Orchestrations for binding and management API tests.</summary>
public static class TestOrchestrations
{
    [Function("catch_failure")]
    public static async Task<CaughtFailure> CatchFailure([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        try
        {
            await context.CallActivityAsync("throws", 42);
            throw new InvalidOperationException("throws did not throw");
        }
        catch (TaskFailedException ex)
        {
            return new CaughtFailure(ex.TaskName, ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage, ex.FailureDetails.IsCausedBy<ArgumentOutOfRangeException>());
        }
    }

    [Function("throws")]
    public static void Throws([ActivityTrigger] int amount) =>
        throw new ArgumentOutOfRangeException(nameof(amount), amount, "The amount is too big.");

    /// <summary>Waits for the "go" event and returns its payload.</summary>
    [Function("waiter")]
    public static async Task<string> Waiter([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        context.SetCustomStatus("waiting");
        var value = await context.WaitForExternalEvent<string>("go");
        return $"got {value} with input {context.GetInput<string>()}";
    }

    [Function("slow_activity_chain")]
    public static Task<string> SlowActivityChain([OrchestrationTrigger] TaskOrchestrationContext context) =>
        context.CallActivityAsync<string>("slow", "x");

    [Function("slow")]
    public static async Task<string> Slow([ActivityTrigger] string input, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
        return input;
    }

    [Function("waiter_HttpStart")]
    public static async Task<HttpResponseData> HttpStart(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "start/{name}")] HttpRequestData req,
        string name,
        [DurableClient] DurableTaskClient client)
    {
        string instanceId = await client.ScheduleNewOrchestrationInstanceAsync(name, await req.ReadAsStringAsync());
        return client.CreateCheckStatusResponse(req, instanceId);
    }
}

/// <summary>An orchestrator and an activity on an instance class with constructor injection.</summary>
public sealed class InstanceOrchestration(Greeter greeter)
{
    [Function("instance_orchestrator")]
    public async Task<string> Run([OrchestrationTrigger] TaskOrchestrationContext context, FunctionContext functionContext)
    {
        var greeting = await context.CallActivityAsync<string>("instance_activity", context.GetInput<string>());
        return $"{greeting} / {greeter.Greet(functionContext.FunctionDefinition.Name)}";
    }

    [Function("instance_activity")]
    public string Activity([ActivityTrigger] string name, string instanceId) => $"{greeter.Greet(name)} from {instanceId}";
}

/// <summary>An orchestrator that takes its input as a parameter (Durable Functions isolated style).</summary>
public static class InputParameterOrchestration
{
    [Function("input_parameter")]
    public static string Run([OrchestrationTrigger] TaskOrchestrationContext context, CaughtFailure input) =>
        $"{input.TaskName}:{input.ErrorType}:{context.GetInput<CaughtFailure>()!.ErrorMessage}";
}

/// <summary>A starter bound to another task hub than the app's.</summary>
public static class OtherHubStarter
{
    [Function("other_hub")]
    public static HttpResponseData Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "other_hub")] HttpRequestData req,
        [DurableClient(TaskHub = "SomeOtherHub")] DurableTaskClient client) => req.CreateResponse(System.Net.HttpStatusCode.OK);
}
