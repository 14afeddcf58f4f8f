using System.ComponentModel.DataAnnotations;

namespace Serverless.Host.Http;

/// <summary>host.json "extensions.http": the settings of the HTTP trigger, as in Azure Functions.</summary>
internal sealed class HttpOptions
{
    /// <summary>The route prefix of every HTTP function ("api" by default; empty for none).</summary>
    [RegularExpression("^/?[A-Za-z0-9_~.\\-/]*$", ErrorMessage = "The route prefix may hold only letters, digits, '-', '_', '.', '~' and '/'.")]
    public string RoutePrefix { get; set; } = "api";

    /// <summary>The prefix without leading or trailing slashes.</summary>
    public string NormalizedPrefix => (RoutePrefix ?? string.Empty).Trim('/');
}
