namespace Serverless.FunctionsHost.Http.Keys;

/// <summary>The key an HTTP function or endpoint requires, as the binding's authLevel names it.</summary>
public enum AuthorizationLevel
{
    Anonymous,
    User,
    Function,
    System,
    Admin,
}
