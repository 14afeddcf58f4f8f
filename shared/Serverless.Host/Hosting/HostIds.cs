using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Serverless.Host.Hosting;

/// <summary>
/// The host id that names this app's blobs (timer status and listener locks in azure-webjobs-hosts, keys in
/// azure-webjobs-secrets): the setting
/// AzureFunctionsWebHost:hostid (AzureFunctionsWebHost__hostid) when set, else the app's assembly name lowercased with
/// every character other than a-z and 0-9 turned into '-', at most 32 characters, as the Functions host derives it from
/// the site name.
/// </summary>
public static partial class HostIds
{
    public const string SettingName = "AzureFunctionsWebHost:hostid";
    private const int MaxLength = 32;

    public static string Resolve(IConfiguration configuration, string applicationName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[SettingName];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return FromName(applicationName);
        }

        return ValidHostId().IsMatch(configured) && !configured.Contains("--", StringComparison.Ordinal)
            ? configured
            : throw new InvalidOperationException(
                $"Setting '{SettingName}' (AzureFunctionsWebHost__hostid) is '{configured}': a host id has 1 to {MaxLength} lowercase letters, digits and single dashes, and neither starts nor ends with a dash.");
    }

    /// <summary>The host id derived from a name: lowercase, a-z0-9 kept, other runs of characters as one '-', 32 characters at most.</summary>
    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (keep || (id.Length > 0 && id[^1] != '-'))
            {
                id.Append(keep ? c : '-');
            }
        }

        var result = id.ToString();
        result = result[..Math.Min(result.Length, MaxLength)].Trim('-');
        return result.Length == 0 ? "serverless-host" : result;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")]
    private static partial Regex ValidHostId();
}
