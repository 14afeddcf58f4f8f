using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.FunctionsHost;

/// <summary>
/// The host id that names the app's blobs (keys in azure-webjobs-secrets, timer status and locks in
/// azure-webjobs-hosts): setting AzureFunctionsWebHost__hostid when set, else the app's name lowercased with every
/// character other than a-z and 0-9 turned into '-', at most 32 characters, as the Functions host derives it.
/// </summary>
internal static partial class HostIds
{
    public const string SettingName = "AzureFunctionsWebHost__hostid";
    private const int MaxLength = 32;

    public static string Resolve(IReadOnlyDictionary<string, string> settings, string appName)
    {
        var configured = settings.GetValueOrDefault(SettingName) ?? settings.GetValueOrDefault("AzureFunctionsWebHost:hostid");
        if (string.IsNullOrWhiteSpace(configured))
        {
            return FromName(appName);
        }

        return ValidHostId().IsMatch(configured) && !configured.Contains("--", StringComparison.Ordinal)
            ? configured
            : throw new HostStartupException(
                $"Setting '{SettingName}' is '{configured}': a host id has 1 to {MaxLength} lowercase letters, digits and single dashes, and neither starts nor ends with a dash.");
    }

    public static string FromName(string name)
    {
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
        return result.Length == 0 ? "functions-host" : result;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")]
    private static partial Regex ValidHostId();
}
