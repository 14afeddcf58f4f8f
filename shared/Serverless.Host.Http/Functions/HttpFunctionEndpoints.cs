using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Serverless.Host.Hosting;
using Serverless.Host.Http.Keys;
using Serverless.Host.Invocation;

namespace Serverless.Host.Http.Functions;

/// <summary>Maps one endpoint per HTTP function: its route under the prefix, its methods (others answer 405).</summary>
internal sealed class HttpFunctionEndpoints(FunctionCatalog catalog, IFunctionExecutor executor, IHostKeys keys) : IEndpointContributor
{
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var function in catalog.Functions)
        {
            if (function.TriggerBinding is not HttpTriggerBinding binding)
            {
                continue;
            }

            var handler = new HttpFunctionHandler(function, binding, executor, keys);
            var route = binding.Methods.Count == 0
                ? endpoints.Map(binding.Pattern, (RequestDelegate)handler.HandleAsync)
                : endpoints.MapMethods(binding.Pattern.RawText!, binding.Methods, (RequestDelegate)handler.HandleAsync);
            route.WithDisplayName(function.LogName).WithMetadata(function);
        }
    }
}
