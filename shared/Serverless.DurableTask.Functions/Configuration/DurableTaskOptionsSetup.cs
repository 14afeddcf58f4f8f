using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Serverless.Host.Configuration;

namespace Serverless.DurableTask.Functions.Configuration;

/// <summary>Fills the defaults Durable Functions derives (the hub name) and resolves %Setting% references.</summary>
internal sealed class DurableTaskOptionsSetup(IConfiguration configuration) : IPostConfigureOptions<DurableTaskOptions>
{
    /// <summary>The hub name Durable Functions uses when neither host.json nor the app name give one.</summary>
    public const string LocalHubName = "TestHubName";

    public void PostConfigure(string? name, DurableTaskOptions options)
    {
        options.HubName = string.IsNullOrWhiteSpace(options.HubName)
            ? DefaultHubName(configuration["WEBSITE_SITE_NAME"])
            : ResolveSettings(options.HubName);
        if (options.StorageProvider.ConnectionName is { } connection)
        {
            options.StorageProvider.ConnectionName = ResolveSettings(connection);
        }
    }

    /// <summary>The app name with everything but letters and digits removed, starting with a letter, at most 45 characters.</summary>
    internal static string DefaultHubName(string? siteName)
    {
        if (string.IsNullOrWhiteSpace(siteName))
        {
            return LocalHubName;
        }

        var builder = new StringBuilder();
        foreach (var c in siteName.Where(char.IsAsciiLetterOrDigit))
        {
            builder.Append(c);
        }

        if (builder.Length == 0)
        {
            return LocalHubName;
        }

        if (!char.IsAsciiLetter(builder[0]))
        {
            builder.Insert(0, 't');
        }

        var hub = builder.ToString();
        hub = hub.Length > 45 ? hub[..45] : hub;
        return hub.Length < 3 ? hub + "Hub" : hub;
    }

    private string ResolveSettings(string value)
    {
        try
        {
            return SettingNames.Resolve(configuration, value, "host.json 'extensions.durableTask'");
        }
        catch (Serverless.Host.Indexing.FunctionIndexingException ex)
        {
            throw new OptionsValidationException(nameof(DurableTaskOptions), typeof(DurableTaskOptions), [ex.Message]);
        }
    }
}
