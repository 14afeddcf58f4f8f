using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Functions.Http;
using Serverless.Host.Hosting;

namespace Serverless.DurableTask.Functions.Management;

/// <summary>
/// The Durable Functions HTTP management API under /runtime/webhooks/durabletask: instances (get, list, purge, raiseEvent,
/// terminate, suspend, resume, restart) and orchestrators (start). Every route needs the durabletask_extension system key
/// or the master key (code= or x-functions-key).
/// </summary>
internal sealed class ManagementEndpoints : IEndpointContributor
{
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        const string Instances = HttpManagementUrls.WebhookPath + "/instances";
        endpoints.MapGet(Instances, Handle((api, http) => api.ListAsync(http)));
        endpoints.MapDelete(Instances, Handle((api, http) => api.PurgeByFilterAsync(http)));
        endpoints.MapGet(Instances + "/{instanceId}", Handle((api, http) => api.GetAsync(http, Route(http, "instanceId"))));
        endpoints.MapDelete(Instances + "/{instanceId}", Handle((api, http) => api.PurgeAsync(http, Route(http, "instanceId"))));
        endpoints.MapPost(Instances + "/{instanceId}/raiseEvent/{eventName}", Handle((api, http) => api.RaiseEventAsync(http, Route(http, "instanceId"), Route(http, "eventName"))));
        endpoints.MapPost(Instances + "/{instanceId}/{operation}", Handle((api, http) => api.OperationAsync(http, Route(http, "instanceId"), Route(http, "operation"))));
        endpoints.MapPost(HttpManagementUrls.WebhookPath + "/orchestrators/{functionName}/{instanceId?}", Handle((api, http) =>
            api.StartAsync(http, Route(http, "functionName"), http.Request.RouteValues["instanceId"] as string)));
    }

    private static string Route(HttpContext http, string name) => (string)http.Request.RouteValues[name]!;

    private static RequestDelegate Handle(Func<ManagementApi, HttpContext, Task> handler) => async http =>
    {
        var api = ActivatorUtilities.CreateInstance<ManagementApi>(http.RequestServices);
        if (await api.AuthorizeAsync(http).ConfigureAwait(false))
        {
            await handler(api, http).ConfigureAwait(false);
        }
    };
}
