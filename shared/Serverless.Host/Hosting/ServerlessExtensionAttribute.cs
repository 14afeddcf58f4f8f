using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Host.Hosting;

/// <summary>
/// Declares an extension (a trigger kind, the durable engine ...) of the host. An app that references the assembly gets
/// the extension: the host finds this attribute on the app's assemblies at start and calls the extension's Configure.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ServerlessExtensionAttribute(Type extensionType) : Attribute
{
    public Type ExtensionType { get; } = extensionType;
}

/// <summary>An extension's registration: its binding providers, options and services.</summary>
public interface IServerlessExtension
{
    void Configure(IServiceCollection services, IConfiguration configuration);
}

/// <summary>Adds HTTP endpoints (HTTP functions, admin and management APIs) to the host's Kestrel server.</summary>
public interface IEndpointContributor
{
    void MapEndpoints(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints);
}
