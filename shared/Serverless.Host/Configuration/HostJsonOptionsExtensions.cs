using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Serverless.Host.Configuration;

/// <summary>Binds an extension's host.json section to an options type, validated when the host starts.</summary>
public static class HostJsonOptionsExtensions
{
    /// <summary>
    /// Binds AzureFunctionsJobHost:extensions:{name} to <typeparamref name="TOptions"/>, validates it with
    /// DataAnnotations at start (errors name the host.json key), and lets host.json hold that section.
    /// </summary>
    public static OptionsBuilder<TOptions> AddHostJsonExtensionOptions<TOptions>(this IServiceCollection services, string name)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        var schema = services.GetHostJsonSchema();
        schema.AddExtensionSection(name, typeof(TOptions));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new DataAnnotationsWithKeys<TOptions>(name)));
        return services.AddOptions<TOptions>()
            .BindConfiguration($"{FunctionHostOptions.SectionName}:extensions:{name}")
            .ValidateOnStart();
    }

    /// <summary>The schema singleton of this service collection (created on first use).</summary>
    public static HostJsonSchema GetHostJsonSchema(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(HostJsonSchema))?.ImplementationInstance as HostJsonSchema;
        if (existing is not null)
        {
            return existing;
        }

        var schema = new HostJsonSchema();
        services.AddSingleton(schema);
        return schema;
    }

    private sealed class DataAnnotationsWithKeys<TOptions>(string name) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? optionsName, TOptions options)
        {
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }

            return ValidateOptionsResult.Fail(results.Select(r =>
                $"host.json 'extensions.{name}.{string.Join(",", r.MemberNames.Select(m => char.ToLowerInvariant(m[0]) + m[1..]))}': {r.ErrorMessage}"));
        }
    }
}
