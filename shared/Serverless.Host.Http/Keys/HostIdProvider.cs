using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Serverless.Host.Http.Keys;

/// <summary>
/// The host id: setting AzureFunctionsWebHost:hostid when set (lowercase letters, digits and '-', at most 32), else the
/// app's assembly name lowercased with every other character turned into '-', cut at 32 characters.
/// </summary>
internal sealed partial class HostIdProvider
{
    public const string SettingName = "AzureFunctionsWebHost:hostid";

    public HostIdProvider(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!ValidHostId().IsMatch(configured))
            {
                throw new InvalidOperationException(
                    $"Setting '{SettingName}' (AzureFunctionsWebHost__hostid) is '{configured}': a host id holds 1 to 32 lowercase letters, digits and '-'.");
            }

            HostId = configured;
            return;
        }

        HostId = FromName(environment.ApplicationName);
    }

    public string HostId { get; }

    public static string FromName(string name)
    {
        var id = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            id.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var value = id.ToString();
        return value.Length > 32 ? value[..32] : value;
    }

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex ValidHostId();
}
