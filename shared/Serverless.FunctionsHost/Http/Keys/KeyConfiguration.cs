using Microsoft.Extensions.Configuration;

namespace Serverless.FunctionsHost.Http.Keys;

/// <summary>
/// Keys set in configuration, with the names Azure Functions gives them in Container Apps and Kubernetes secrets:
/// host.master, host.function.{name}, host.systemKey.{name}, functions.{function}.{name}. Where dots are awkward
/// (environment variables), the same names with '__' (host__master, functions__Hello__default) do the same.
/// </summary>
internal sealed class KeyConfiguration
{
    private const string MasterName = "host.master";
    private const string HostFunctionPrefix = "host.function.";
    private const string SystemPrefix = "host.systemKey.";
    private const string FunctionPrefix = "functions.";

    private readonly Dictionary<string, string> _hostFunctionKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _systemKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, string>> _functionKeys = new(StringComparer.OrdinalIgnoreCase);

    public KeyConfiguration(IConfiguration configuration)
    {
        foreach (var (rawKey, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var key = rawKey.Replace(':', '.');
            if (key.Equals(MasterName, StringComparison.OrdinalIgnoreCase))
            {
                MasterKey = value;
            }
            else if (Suffix(key, HostFunctionPrefix) is { } hostKeyName)
            {
                _hostFunctionKeys[hostKeyName] = value;
            }
            else if (Suffix(key, SystemPrefix) is { } systemKeyName)
            {
                _systemKeys[systemKeyName] = value;
            }
            else if (Suffix(key, FunctionPrefix) is { } rest && rest.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 && dot < rest.Length - 1)
            {
                var function = rest[..dot];
                if (!_functionKeys.TryGetValue(function, out var keys))
                {
                    _functionKeys[function] = keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                keys[rest[(dot + 1)..]] = value;
            }
        }
    }

    public string? MasterKey { get; }

    public IReadOnlyDictionary<string, string> HostFunctionKeys => _hostFunctionKeys;

    public IReadOnlyDictionary<string, string> SystemKeys => _systemKeys;

    /// <summary>How many keys configuration sets (for the start log; never the values).</summary>
    public int Count => (MasterKey is null ? 0 : 1) + _hostFunctionKeys.Count + _systemKeys.Count + _functionKeys.Values.Sum(k => k.Count);

    public IReadOnlyDictionary<string, string> FunctionKeys(string functionName) =>
        _functionKeys.TryGetValue(functionName, out var keys) ? keys : new Dictionary<string, string>();

    private static string? Suffix(string key, string prefix) =>
        key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? key[prefix.Length..] : null;
}
