using Microsoft.Extensions.DependencyInjection;
using Serverless.Host.Bindings;
using Serverless.Host.Hosting;
using Serverless.Testing;

namespace Serverless.Host.Http.Tests;

public sealed class DescribeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Describe_HttpFunctions_ShowMethodsAndUrlAsFuncStart()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(RoutingFunctions)]);
        var catalog = host.Services.GetRequiredService<FunctionCatalog>();
        var endpoint = new HostEndpoint(new Uri("http://localhost:7071"));

        Assert.Equal("[GET] http://localhost:7071/api/orders/{id:int}", catalog.Find("GetOrder")!.TriggerBinding.Describe(endpoint));
        Assert.Equal("[POST,PUT] http://localhost:7071/api/orders", catalog.Find("CreateOrder")!.TriggerBinding.Describe(endpoint));
        Assert.Equal("[GET,POST,DELETE,HEAD,PATCH,PUT,OPTIONS,TRACE] http://localhost:7071/api/Inspect", catalog.Find("Inspect")!.TriggerBinding.Describe(endpoint));
        Assert.Equal("httpTrigger", catalog.Find("Hello")!.TriggerType);
    }
}
