using Microsoft.AspNetCore.Routing.Patterns;
using Serverless.Host.Bindings;
using Serverless.Host.Listeners;
using Serverless.Worker;

namespace Serverless.Host.Http.Functions;

/// <summary>One HTTP function's trigger: its route (prefix included), methods and authorization level. Kestrel serves it: no listener.</summary>
internal sealed class HttpTriggerBinding : ITriggerBinding
{
    /// <summary>The binding data name of the query string values.</summary>
    public const string QueryKey = "Query";

    /// <summary>The binding data name of the request headers.</summary>
    public const string HeadersKey = "Headers";

    private static readonly string AllMethods = "GET,POST,DELETE,HEAD,PATCH,PUT,OPTIONS,TRACE";

    public HttpTriggerBinding(RoutePattern pattern, IReadOnlyList<string> methods, AuthorizationLevel level, TriggerValueKind kind, Type parameterType)
    {
        Pattern = pattern;
        Methods = methods;
        Level = level;
        Kind = kind;
        ParameterType = parameterType;
        var contract = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
        {
            [QueryKey] = typeof(Dictionary<string, string>),
            [HeadersKey] = typeof(Dictionary<string, string>),
        };
        foreach (var parameter in pattern.Parameters)
        {
            contract[parameter.Name] = typeof(string);
        }

        BindingDataContract = contract;
    }

    public string TriggerType => "httpTrigger";

    public RoutePattern Pattern { get; }

    /// <summary>Upper-case methods; empty means every method.</summary>
    public IReadOnlyList<string> Methods { get; }

    public AuthorizationLevel Level { get; }

    public TriggerValueKind Kind { get; }

    public Type ParameterType { get; }

    public IReadOnlyDictionary<string, Type> BindingDataContract { get; }

    public string Describe(HostEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return $"[{(Methods.Count == 0 ? AllMethods : string.Join(",", Methods))}] {Url(endpoint.BaseAddress)}";
    }

    /// <summary>The function's URL template under the base address, for example http://localhost:7071/api/orders/{id:int}.</summary>
    public string Url(Uri baseAddress) => baseAddress.ToString().TrimEnd('/') + "/" + Pattern.RawText;

    public IListener? CreateListener(ListenerContext context) => null;
}
