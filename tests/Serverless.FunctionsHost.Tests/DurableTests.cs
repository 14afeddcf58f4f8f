using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Testing;

namespace Serverless.FunctionsHost.Tests;

/// <summary>Durable Functions through the shared host: the real DF extension (DTFx Azure Storage task hub) and the worker's orchestrations.</summary>
public sealed class DurableTests(SharedHost shared)
{
    private LocalFunctionsHost Host => shared.Host;

    [Fact]
    public async Task HttpStart_ChainOfTen_CompletesThroughTheStatusUrl()
    {
        using var client = Host.CreateHttpClient();
        using var start = await client.PostAsync(new Uri("api/start/Chain", UriKind.Relative), JsonContent.Create(new { Steps = 10 }));

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var payload = await start.Content.ReadFromJsonAsync<JsonElement>();
        var statusUri = new Uri(Property(payload, "StatusQueryGetUri"));
        Assert.Equal(Host.BaseAddress.Authority, statusUri.Authority);
        Assert.Contains("code=", statusUri.Query, StringComparison.Ordinal);

        JsonElement status = default;
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.GetAsync(statusUri);
            status = await response.Content.ReadFromJsonAsync<JsonElement>();
            return response.StatusCode == HttpStatusCode.OK;
        }, "the chain's status to be Completed (200)");
        Assert.Equal("Completed", Property(status, "runtimeStatus"));
        Assert.Equal(45, status.GetProperty("output").GetInt32());
        var systemKey = System.Web.HttpUtility.ParseQueryString(statusUri.Query)["code"]!;
        Assert.DoesNotContain(Host.Logs.Entries, e => e.Message.Contains(systemKey, StringComparison.Ordinal) || (e.Exception?.ToString().Contains(systemKey, StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public async Task ManagementApi_WithoutTheSystemKey_Answers401()
    {
        using var client = Host.CreateHttpClient();
        using var response = await client.GetAsync(new Uri("runtime/webhooks/durabletask/instances", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HttpStart_BadJson_Answers400AndStartsNothing()
    {
        var durable = await Host.GetDurableTaskClientAsync();
        var before = await CountInstancesAsync(durable);
        using var client = Host.CreateHttpClient();
        using var response = await client.PostAsync(new Uri("api/start/Chain", UriKind.Relative), new StringContent("{ not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not JSON", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountInstancesAsync(durable));
    }

    [Fact]
    public async Task FailingActivity_FailsTheInstanceWithTheActivitysError()
    {
        var durable = await Host.GetDurableTaskClientAsync();
        var id = await durable.ScheduleNewOrchestrationInstanceAsync("FailingChain");

        var result = await WaitAsync(durable, id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        // The extension's endpoint reports the orchestrator's unhandled TaskFailedException as the output text.
        Assert.Contains("Task 'Fail' (#0) failed with an unhandled exception: Fail says boom.", result.SerializedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FanOut_TwentyActivities_Sum()
    {
        var durable = await Host.GetDurableTaskClientAsync();
        var id = await durable.ScheduleNewOrchestrationInstanceAsync("FanOut", 20);

        var result = await WaitAsync(durable, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(190, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Entity_CountedByAnOrchestration()
    {
        var durable = await Host.GetDurableTaskClientAsync();
        var id = await durable.ScheduleNewOrchestrationInstanceAsync("CountTo", 5);

        var result = await WaitAsync(durable, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(5, result.ReadOutputAs<int>());
    }

    internal static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient durable, string id, TimeSpan? timeout = null)
    {
        OrchestrationMetadata? done = null;
        await Poll.UntilAsync(async () =>
        {
            var metadata = await durable.GetInstanceAsync(id, getInputsAndOutputs: true);
            done = metadata is { IsCompleted: true } ? metadata : null;
            return done is not null;
        }, $"instance {id} to finish", timeout ?? TimeSpan.FromSeconds(60));
        return done!;
    }

    private static async Task<int> CountInstancesAsync(DurableTaskClient durable)
    {
        var count = 0;
        await foreach (var _ in durable.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 100 }))
        {
            count++;
        }

        return count;
    }

    /// <summary>A property read case-insensitively: the worker writes the 202 body PascalCase, the host's status endpoint camelCase.</summary>
    private static string Property(JsonElement element, string name) =>
        element.EnumerateObject().First(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value.GetString()!;
}
