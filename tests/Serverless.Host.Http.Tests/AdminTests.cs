using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Host.Hosting;
using Serverless.Host.Http.Keys;
using Serverless.Testing;
using Serverless.Worker;
using Serverless.Worker.Http;

namespace Serverless.Host.Http.Tests;

public sealed class AdminTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task HostStatus_WithAndWithoutMasterKey_200Or401()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(AdminFunctions)], configureServices: Register);
        using var client = host.Client();
        var keys = host.Services.GetRequiredService<IHostKeys>();
        var master = await keys.GetMasterKeyAsync();
        var functionKey = await keys.GetOrCreateFunctionKeyAsync("Ping");

        var without = await client.GetAsync("/admin/host/status");
        var withFunctionKey = await client.GetAsync($"/admin/host/status?code={functionKey}");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/host/status");
        request.Headers.Add("x-functions-key", master);
        var withMaster = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withFunctionKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withMaster.StatusCode);
        using var json = JsonDocument.Parse(await withMaster.Content.ReadAsStringAsync());
        Assert.Equal("Running", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(keys.HostId, json.RootElement.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task ListFunctions_WithMasterKey_NamesEveryFunctionWithItsTrigger()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(AdminFunctions)], configureServices: Register);
        using var client = host.Client();
        var master = await host.Services.GetRequiredService<IHostKeys>().GetMasterKeyAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/functions")).StatusCode);
        using var json = JsonDocument.Parse(await client.GetStringAsync($"/admin/functions?code={master}"));

        var functions = json.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f);
        Assert.Equal(["Ping", "Work", "WorkOnOrder"], functions.Keys.Order());
        var ping = functions["Ping"].GetProperty("config").GetProperty("bindings")[0];
        Assert.Equal("httpTrigger", ping.GetProperty("type").GetString());
        Assert.Equal("function", ping.GetProperty("authLevel").GetString());
        Assert.EndsWith("/api/Ping", functions["Ping"].GetProperty("invoke_url_template").GetString(), StringComparison.Ordinal);
        Assert.Equal("manualTrigger", functions["Work"].GetProperty("config").GetProperty("bindings")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task InvokeFunction_NonHttpWithMasterKey_202AndRunsWithTheInput()
    {
        var recorder = new Recorder();
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(AdminFunctions)],
            configureServices: s => { Register(s); s.AddSingleton(recorder); });
        using var client = host.Client();
        var master = await host.Services.GetRequiredService<IHostKeys>().GetMasterKeyAsync();

        var without = await client.PostAsJsonAsync("/admin/functions/Work", new { input = "nope" });
        var accepted = await client.PostAsJsonAsync($"/admin/functions/Work?code={master}", new { input = "hello" });
        var poco = await client.PostAsJsonAsync($"/admin/functions/WorkOnOrder?code={master}", new { input = "{\"item\":\"plum\",\"quantity\":5}" });

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, poco.StatusCode);
        await Poll.UntilAsync(() => recorder.Calls.Count == 2, "both admin invocations ran");
        Assert.Equal(["Work:hello", "WorkOnOrder:plum x5"], recorder.Calls.Order());
    }

    [Fact]
    public async Task InvokeFunction_UnknownHttpOrBadInput_404Or400()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(AdminFunctions)], configureServices: Register);
        using var client = host.Client();
        var master = await host.Services.GetRequiredService<IHostKeys>().GetMasterKeyAsync();

        var unknown = await client.PostAsJsonAsync($"/admin/functions/Missing?code={master}", new { input = "x" });
        var http = await client.PostAsJsonAsync($"/admin/functions/Ping?code={master}", new { input = "x" });
        var badJson = await client.PostAsJsonAsync($"/admin/functions/WorkOnOrder?code={master}", new { input = "{oops" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Contains("Order", await badJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireFunctionsKey_OnAnotherExtensionsEndpoint_ChecksTheLevel()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(AdminFunctions)], configureServices: s =>
        {
            Register(s);
            s.TryAddEnumerable(ServiceDescriptor.Singleton<IEndpointContributor, SystemEndpoint>());
        });
        using var client = host.Client();
        var systemKey = await host.Services.GetRequiredService<IHostKeys>().GetOrCreateSystemKeyAsync("durabletask_extension");
        var functionKey = await host.Services.GetRequiredService<IHostKeys>().GetOrCreateFunctionKeyAsync("Ping");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/runtime/webhooks/test")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/runtime/webhooks/test?code={functionKey}")).StatusCode);
        var ok = await client.GetAsync($"/runtime/webhooks/test?code={systemKey}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("system ok", await ok.Content.ReadAsStringAsync());
    }

    private static void Register(IServiceCollection services) => ManualTriggerProvider.Register(services);

    private sealed class SystemEndpoint : IEndpointContributor
    {
        public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
            endpoints.MapGet("/runtime/webhooks/test", () => "system ok").RequireFunctionsKey(AuthorizationLevel.System);
    }

    public sealed class AdminFunctions(Recorder? recorder = null)
    {
        [Function("Ping")]
        public static string Ping([HttpTrigger(AuthorizationLevel.Function, "get")] HttpRequestData request) => "pong";

        [Function("Work")]
        public void Work([ManualTrigger] string input) => recorder!.Calls.Enqueue($"Work:{input}");

        [Function("WorkOnOrder")]
        public void WorkOnOrder([ManualTrigger] Order order) => recorder!.Calls.Enqueue($"WorkOnOrder:{order.Item} x{order.Quantity}");
    }
}
