using Serverless.FunctionsHost.Http.Keys;
using Serverless.FunctionsHost.WebJobs;

namespace Serverless.FunctionsHost.Http;

/// <summary>An HTTP function's route: its template under the route prefix, its methods (none: all) and its key level.</summary>
internal sealed record HttpRoute(FunctionDescriptor Function, string Template, IReadOnlyList<string> Methods, AuthorizationLevel Level)
{
    public const string BuiltInRouteConflict = "The specified route conflicts with one or more built in routes.";

    /// <summary>The routes of the app's HTTP functions, checked as the Functions host checks them.</summary>
    public static IReadOnlyList<HttpRoute> From(IEnumerable<FunctionDescriptor> functions, string routePrefix)
    {
        var routes = new List<HttpRoute>();
        var problems = new List<string>();
        foreach (var function in functions.Where(f => f.Kind == TriggerKind.Http))
        {
            var route = (function.Trigger.String("route") ?? function.Name).Trim('/');
            var methods = function.Trigger.Strings("methods").Select(m => m.ToUpperInvariant()).Distinct().ToArray();
            if (IsBuiltIn(route) || (routePrefix.Length == 0 && IsBuiltIn(function.Name)))
            {
                problems.Add($"Function '{function.Name}' (route '{route}'): {BuiltInRouteConflict}");
                continue;
            }

            var level = Enum.TryParse<AuthorizationLevel>(function.Trigger.String("authLevel") ?? "Function", ignoreCase: true, out var parsed)
                ? parsed
                : throw new HostStartupException($"Function '{function.Name}': authLevel '{function.Trigger.String("authLevel")}' is not one of {string.Join(", ", Enum.GetNames<AuthorizationLevel>())}.");
            var template = routePrefix.Length == 0 ? route : $"{routePrefix}/{route}";
            foreach (var other in routes.Where(r => Normalize(r.Template) == Normalize(template)))
            {
                var shared = other.Methods.Count == 0 || methods.Length == 0 ? ["any"] : other.Methods.Intersect(methods).ToArray();
                if (shared.Length > 0)
                {
                    problems.Add($"Functions '{other.Function.Name}' and '{function.Name}' both answer {string.Join(", ", shared)} on route '{template}'.");
                }
            }

            routes.Add(new HttpRoute(function, template, methods, level));
        }

        if (problems.Count > 0)
        {
            throw new HostStartupException($"The app's HTTP routes cannot be served:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}");
        }

        return routes;
    }

    private static bool IsBuiltIn(string route) =>
        route.StartsWith("admin", StringComparison.OrdinalIgnoreCase) || route.StartsWith("runtime", StringComparison.OrdinalIgnoreCase);

    /// <summary>The template with parameter names and constraints blanked, so "a/{x}" and "a/{y:int}" compare equal.</summary>
    private static string Normalize(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template.ToLowerInvariant(), "{[^}]*}", "{}");
}
