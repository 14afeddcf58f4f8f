using Microsoft.Extensions.Configuration;

namespace Serverless.Host.Configuration;

/// <summary>Resolves %SettingName% in attribute values (queue names, schedules) from configuration, as Functions does.</summary>
public static class SettingNames
{
    /// <summary>The value with each %Name% replaced; throws FunctionIndexingException-friendly InvalidOperationException naming a missing setting.</summary>
    public static string Resolve(IConfiguration configuration, string value, string where)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(value);
        var start = value.IndexOf('%', StringComparison.Ordinal);
        if (start < 0)
        {
            return value;
        }

        var end = value.IndexOf('%', start + 1);
        if (end < 0)
        {
            throw new Indexing.FunctionIndexingException($"{where}: '{value}' has an unclosed %setting% reference.");
        }

        var name = value[(start + 1)..end];
        var resolved = configuration[name]
            ?? throw new Indexing.FunctionIndexingException($"{where}: setting '{name}' (referenced as %{name}% in '{value}') is not defined.");
        return Resolve(configuration, value[..start] + resolved + value[(end + 1)..], where);
    }
}
