using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Queues;
using Serverless.Testing;

namespace Serverless.FunctionsHost.Tests;

/// <summary>HTTP functions through the shared host: ASP.NET Core integration (the worker's Kestrel behind the host), keys checked.</summary>
public sealed class HttpTests(SharedHost shared)
{
    private LocalFunctionsHost Host => shared.Host;

    [Fact]
    public async Task Echo_RouteValueAndQuery_AnswersThroughTheWorker()
    {
        using var client = Host.CreateHttpClient();
        using var response = await client.GetAsync(new Uri("api/echo/ada?q=hello", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ada", response.Headers.GetValues("x-echo").Single());
        Assert.Equal(new Greeting("ada", "GET", "hello"), await response.Content.ReadFromJsonAsync<Greeting>());
        Assert.True(Host.UsesAspNetCoreIntegration);
    }

    [Fact]
    public async Task Sum_FunctionLevel_NeedsAFunctionKey()
    {
        using var client = Host.CreateHttpClient();
        using var without = await client.PostAsync(new Uri("api/sum", UriKind.Relative), JsonContent.Create(new[] { 1, 2, 3 }));
        using var wrong = await client.PostAsync(new Uri("api/sum?code=nope", UriKind.Relative), JsonContent.Create(new[] { 1, 2, 3 }));
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/sum") { Content = JsonContent.Create(new[] { 1, 2, 3 }) };
        request.Headers.Add("x-functions-key", await Host.GetFunctionKeyAsync("Sum"));
        using var withKey = await client.SendAsync(request);
        using var withMaster = await client.PostAsync(new Uri($"api/sum?code={Uri.EscapeDataString(await Host.GetMasterKeyAsync())}", UriKind.Relative), JsonContent.Create(new[] { 4 }));

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal("6", await withKey.Content.ReadAsStringAsync());
        Assert.Equal("4", await withMaster.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sum_BadJson_Answers400NamingTheProblem()
    {
        using var client = Host.CreateHttpClient();
        using var response = await client.PostAsync(new Uri($"api/sum?code={Uri.EscapeDataString(await Host.GetFunctionKeyAsync("Sum"))}", UriKind.Relative), new StringContent("[1, two]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a JSON array of integers", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminLevel_NeedsTheMasterKey()
    {
        using var client = Host.CreateHttpClient();
        using var functionKey = await client.GetAsync(new Uri($"api/secret/admin?code={Uri.EscapeDataString(await Host.GetFunctionKeyAsync("AdminOnly"))}", UriKind.Relative));
        using var master = await client.GetAsync(new Uri($"api/secret/admin?code={Uri.EscapeDataString(await Host.GetMasterKeyAsync())}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, master.StatusCode);
    }

    [Fact]
    public async Task FailingFunction_Answers500()
    {
        using var client = Host.CreateHttpClient();
        using var response = await client.GetAsync(new Uri("api/throws", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await Poll.UntilAsync(() => Host.Logs.Containing("Throws failed on purpose.").Count > 0, "the function's exception in the host log");
    }

    [Fact]
    public async Task HttpWithQueueOutput_SendsTheMessageAndTheResponse()
    {
        using var client = Host.CreateHttpClient();
        using var response = await client.PostAsync(new Uri("api/enqueue/hello-queue", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queue = new QueueClient(shared.Azurite.ConnectionString, shared.Settings["EnqueueQueue"], new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var message = await Poll.ForValueAsync(async () => (await queue.ReceiveMessagesAsync(1)).Value.FirstOrDefault(), "the queue output message");
        Assert.Equal("hello-queue", message.Body.ToString());
    }

    [Fact]
    public async Task UnknownRoute_Answers404()
    {
        using var client = Host.CreateHttpClient();
        using var response = await client.GetAsync(new Uri("api/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AdminHostStatus_NeedsTheMasterKey()
    {
        using var client = Host.CreateHttpClient();
        using var without = await client.GetAsync(new Uri("admin/host/status", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/host/status");
        request.Headers.Add("x-functions-key", await Host.GetMasterKeyAsync());
        using var with = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        var status = await with.Content.ReadFromJsonAsync<HostStatus>();
        Assert.Equal(Host.HostId, status!.Id);
        Assert.Equal("Running", status.State);
    }

    [Fact]
    public void Functions_ListsEveryFunctionWithTriggerAndUrl()
    {
        var echo = Host.Functions.Single(f => f.Name == "Echo");
        var copy = Host.Functions.Single(f => f.Name == "CopyOrder");

        Assert.Equal($"Echo: [GET,POST] {Host.BaseAddress}api/echo/{{name}}", echo.ToString());
        Assert.Equal("CopyOrder: queueTrigger", copy.ToString());
        Assert.Contains(Host.Functions, f => f is { Name: "Chain", TriggerType: "orchestrationTrigger" });
    }

    private sealed record Greeting(string Name, string Method, string? Query);

    private sealed record HostStatus(string Id, string State);
}
