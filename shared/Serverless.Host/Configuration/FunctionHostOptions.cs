namespace Serverless.Host.Configuration;

/// <summary>The host-wide settings of host.json (section AzureFunctionsJobHost in configuration).</summary>
public sealed class FunctionHostOptions
{
    /// <summary>The configuration section host.json is loaded under, as in Azure Functions.</summary>
    public const string SectionName = "AzureFunctionsJobHost";

    /// <summary>host.json "version": must be "2.0".</summary>
    public string? Version { get; set; }

    /// <summary>host.json "functionTimeout": longest a function may run; a negative value means no limit. Default 30 minutes.</summary>
    public TimeSpan? FunctionTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
