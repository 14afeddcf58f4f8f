using System.Net;
using System.Text;
using Microsoft.DurableTask.Client;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>
/// Runs alone, after the parallel tests: it counts the task hub's instances before and after each request, which
/// instances started by tests running at the same time would change.
/// </summary>
[CollectionDefinition(nameof(CountsInstances), DisableParallelization = true)]
public sealed class CountsInstances;

/// <summary>Start functions answer a body they cannot use with 400 naming the problem, and start nothing.</summary>
[Collection(nameof(CountsInstances))]
public sealed class StartValidationTests(FunctionsApp app)
{
    [Theory]
    [InlineData("orchestrations/etl_chain", "{ not json", "The request body is not a valid JSON EtlRequest")]
    [InlineData("orchestrations/etl_chain", """{"rows":["a"]}""", "The Source field is required.")]
    [InlineData("orchestrations/run_before", "null", "The request body must be a JSON EnvironmentRequest, not null.")]
    [InlineData("orchestrations/run_before", "", "The request body is not a valid JSON EnvironmentRequest")]
    [InlineData("orchestrations/fan_out_fan_in", """{"items":["a"]}""", "The request body is not a valid JSON array of String")]
    [InlineData("orchestrations/partner_sync", """{"partner":"acme","maxAttempts":0}""", "The field MaxAttempts must be between 1 and 20.")]
    [InlineData("orchestrations/fulfill_order", """{"orderId":"o-1","amount":-5}""", "The field Amount must be between 0.01 and 1000000.")]
    [InlineData("orchestrations/approval", """{"subject":"budget","timeoutSeconds":0}""", "The field TimeoutSeconds must be between")]
    [InlineData("orchestrations/monitor", "[1, 2]", "The request body is not a valid JSON MonitorState")]
    [InlineData("orchestrations/deploy_release", """{"version":"1.2","regions":[]}""", "The field Regions must be a string or array type with a minimum length of '1'.")]
    [InlineData("counters/bad/add", "five", "The request body is not a valid JSON Int32")]
    public async Task HttpStart_UnusableBody_Answers400AndStartsNothing(string route, string body, string problem)
    {
        var before = await CountInstancesAsync();
        using var client = app.Host.CreateHttpClient();

        using var response = await client.PostAsync(new Uri($"api/{route}", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountInstancesAsync());
    }

    private async Task<int> CountInstancesAsync()
    {
        var count = 0;
        await foreach (var _ in app.Durable.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 100 }))
        {
            count++;
        }

        return count;
    }
}
