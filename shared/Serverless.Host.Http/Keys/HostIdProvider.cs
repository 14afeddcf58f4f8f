using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Serverless.Host.Http.Keys;

/// <summary>
/// The host id the keys are stored under: setting AzureFunctionsWebHost:hostid when set, else the app's assembly name
/// lowercased, each run of characters other than a-z and 0-9 turned into one '-', at most 32 characters, no dash at
/// either end. The same rule as the timer extension's (Serverless.Host.Timers HostIds), so both name one app alike.
/// </summary>
internal sealed partial class HostIdProvider
{
    public const string SettingName = "AzureFunctionsWebHost:hostid";
    private const int MaxLength = 32;

    public HostIdProvider(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[SettingName];
        if (string.IsNullOrWhiteSpace(configured))
        {
            HostId = FromName(environment.ApplicationName);
            return;
        }

        HostId = ValidHostId().IsMatch(configured) && !configured.Contains("--", StringComparison.Ordinal)
            ? configured
            : throw new InvalidOperationException(
                $"Setting '{SettingName}' (AzureFunctionsWebHost__hostid) is '{configured}': a host id has 1 to {MaxLength} lowercase letters, " +
                "digits and single dashes, and neither starts nor ends with a dash.");
    }

    public string HostId { get; }

    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                id.Append(c);
            }
            else if (id.Length > 0 && id[^1] != '-')
            {
                id.Append('-');
            }
        }

        var value = id.ToString();
        value = value[..Math.Min(value.Length, MaxLength)].Trim('-');
        return value.Length == 0 ? "serverless-host" : value;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")]
    private static partial Regex ValidHostId();
}
