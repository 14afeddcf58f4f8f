using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Serverless.Host.Hosting;
using Serverless.Host.Http.Keys;
using Serverless.Host.Indexing;
using Serverless.Host.Invocation;

namespace Serverless.Host.Http.Functions;

/// <summary>Maps one endpoint per HTTP function: its route under the prefix, its methods (others answer 405).</summary>
internal sealed class HttpFunctionEndpoints(FunctionCatalog catalog, IFunctionExecutor executor, IHostKeys keys, ILogger<HttpFunctionEndpoints> logger) : IEndpointContributor
{
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var functions = catalog.Functions.Where(f => f.TriggerBinding is HttpTriggerBinding).ToList();
        CheckNoTwoAnswerTheSameRequest(functions);
        foreach (var function in functions)
        {
            var binding = (HttpTriggerBinding)function.TriggerBinding;

            var handler = new HttpFunctionHandler(function, binding, executor, keys, logger);
            var route = binding.Methods.Count == 0
                ? endpoints.Map(binding.Pattern, (RequestDelegate)handler.HandleAsync)
                : endpoints.MapMethods(binding.Pattern.RawText!, binding.Methods, (RequestDelegate)handler.HandleAsync);
            route.WithDisplayName(function.LogName).WithMetadata(function);
        }
    }

    /// <summary>Two functions on the same route template with a common method would fail every such request: stop the start instead.</summary>
    private static void CheckNoTwoAnswerTheSameRequest(List<FunctionDescriptor> functions)
    {
        var problems = new List<string>();
        for (var i = 0; i < functions.Count; i++)
        {
            for (var j = i + 1; j < functions.Count; j++)
            {
                var a = (HttpTriggerBinding)functions[i].TriggerBinding;
                var b = (HttpTriggerBinding)functions[j].TriggerBinding;
                if (!string.Equals(a.Pattern.RawText, b.Pattern.RawText, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var common = a.Methods.Count == 0 ? b.Methods : b.Methods.Count == 0 ? a.Methods : a.Methods.Intersect(b.Methods).ToList();
                if (a.Methods.Count == 0 || b.Methods.Count == 0 || common.Count > 0)
                {
                    var methods = common.Count == 0 ? "every method" : string.Join(",", common);
                    problems.Add($"{functions[j].EntryPoint}: function '{functions[j].Name}' answers {methods} on route '{b.Pattern.RawText}', as function '{functions[i].Name}' does.");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new FunctionIndexingException(problems);
        }
    }
}
