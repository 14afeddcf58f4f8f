namespace Serverless.Worker;

/// <summary>Who may call an HTTP function, as in Azure Functions.</summary>
public enum AuthorizationLevel
{
    /// <summary>No key needed.</summary>
    Anonymous = 0,

    /// <summary>Reserved in Azure Functions; treated as Function.</summary>
    User = 1,

    /// <summary>A function key or the host (master) key.</summary>
    Function = 2,

    /// <summary>A system key or the host (master) key.</summary>
    System = 3,

    /// <summary>The host (master) key only.</summary>
    Admin = 4,
}

/// <summary>Runs the function for HTTP requests on {routePrefix}/{Route ?? function name}.</summary>
public sealed class HttpTriggerAttribute : TriggerBindingAttribute
{
    public HttpTriggerAttribute(params string[] methods)
        : this(AuthorizationLevel.Function, methods)
    {
    }

    public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
    {
        AuthLevel = authLevel;
        Methods = methods;
    }

    public AuthorizationLevel AuthLevel { get; }

    /// <summary>Allowed methods; all when empty.</summary>
    public string[] Methods { get; }

    /// <summary>A route template such as "orders/{id:int}"; the function name when null.</summary>
    public string? Route { get; set; }
}
