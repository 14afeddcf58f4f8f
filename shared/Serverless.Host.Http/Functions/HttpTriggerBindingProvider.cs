using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using Serverless.Host.Bindings;
using Serverless.Host.Indexing;
using Serverless.Worker;

namespace Serverless.Host.Http.Functions;

/// <summary>Creates the binding of [HttpTrigger] parameters: checks methods, route template and parameter type at start.</summary>
internal sealed class HttpTriggerBindingProvider(IOptions<HttpOptions> options) : ITriggerBindingProvider
{
    private static readonly HashSet<string> KnownMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
    };

    public ITriggerBinding? TryCreate(TriggerBindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attribute is not HttpTriggerAttribute attribute)
        {
            return null;
        }

        var methods = (attribute.Methods ?? []).Select(m => m.Trim().ToUpperInvariant()).Distinct().ToArray();
        var unknown = methods.Where(m => !KnownMethods.Contains(m)).ToArray();
        if (unknown.Length > 0)
        {
            throw new FunctionIndexingException(
                $"[HttpTrigger] method(s) {string.Join(", ", unknown.Select(m => $"'{m}'"))} not known. Known: {string.Join(", ", KnownMethods)}.");
        }

        var route = (attribute.Route ?? context.Function.Name).Trim().Trim('/');
        var prefix = options.Value.NormalizedPrefix;
        if (prefix.Length == 0 && (route.Equals("admin", StringComparison.OrdinalIgnoreCase) || route.StartsWith("admin/", StringComparison.OrdinalIgnoreCase)))
        {
            throw new FunctionIndexingException($"[HttpTrigger] route '{route}' is reserved for the host's admin endpoints (routes under 'admin/' need a route prefix).");
        }

        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(prefix.Length == 0 ? route : prefix + "/" + route);
        }
        catch (RoutePatternException ex)
        {
            throw new FunctionIndexingException($"[HttpTrigger] route '{route}' is not a valid route template: {ex.Message}", ex);
        }

        var kind = TriggerValueKinds.Of(context.Parameter.ParameterType)
            ?? throw new FunctionIndexingException(
                $"[HttpTrigger] parameter '{context.Parameter.Name}' has type {context.Parameter.ParameterType.Name}: expected HttpRequestData, " +
                "HttpRequest, string, byte[], Stream or a class/record read from the JSON body.");

        var level = attribute.AuthLevel == AuthorizationLevel.User ? AuthorizationLevel.Function : attribute.AuthLevel;
        return new HttpTriggerBinding(pattern, methods, level, kind, context.Parameter.ParameterType);
    }
}
