using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Serverless.Host.Configuration;

/// <summary>
/// The keys host.json may hold: the host's own and one section per registered extension. Anything else stops the
/// start with the key named, so a typo never silently falls back to a default.
/// </summary>
public sealed class HostJsonSchema
{
    private static readonly string[] RootKeys = ["version", "functionTimeout", "logging", "extensions"];

    // logging.applicationInsights is in every Azure Functions template; it is accepted and has no effect here.
    private static readonly string[] LoggingKeys = ["logLevel", "applicationInsights"];

    private readonly Dictionary<string, Type> _extensions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Type> _rootSections = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers extensions.{name} as the section of an options type; its keys are that type's properties.</summary>
    public void AddExtensionSection(string name, Type optionsType) => _extensions[name] = optionsType;

    /// <summary>Registers a top-level section owned by an extension ("singleton"); its keys are the options type's properties.</summary>
    public void AddRootSection(string name, Type optionsType) => _rootSections[name] = optionsType;

    /// <summary>Every problem with the host configuration, each naming its key.</summary>
    public IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var problems = new List<string>();
        var root = configuration.GetSection(FunctionHostOptions.SectionName);
        CheckKeys(root, [.. RootKeys, .. _rootSections.Keys], problems);
        foreach (var (name, optionsType) in _rootSections)
        {
            CheckKeys(root.GetSection(name), [.. optionsType.GetProperties().Select(p => Camel(p.Name))], problems);
        }

        var version = root["version"];
        if (version is not null && version != "2.0")
        {
            problems.Add($"host.json 'version' is '{version}': only \"2.0\" is supported.");
        }

        var logging = root.GetSection("logging");
        CheckKeys(logging, LoggingKeys, problems);
        foreach (var level in logging.GetSection("logLevel").GetChildren())
        {
            if (!Enum.TryParse<LogLevel>(level.Value, ignoreCase: true, out _))
            {
                problems.Add($"host.json 'logging.logLevel.{level.Key}' is '{level.Value}': expected one of {string.Join(", ", Enum.GetNames<LogLevel>())}.");
            }
        }

        foreach (var extension in root.GetSection("extensions").GetChildren())
        {
            if (!_extensions.TryGetValue(extension.Key, out var optionsType))
            {
                problems.Add($"host.json 'extensions.{extension.Key}' is not known. Known extensions: {string.Join(", ", _extensions.Keys.Order())}.");
                continue;
            }

            var properties = optionsType.GetProperties().Select(p => p.Name).ToArray();
            foreach (var key in extension.GetChildren())
            {
                if (!properties.Contains(key.Key, StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add($"host.json 'extensions.{extension.Key}.{key.Key}' is not a known setting. Known: {string.Join(", ", properties.Select(Camel))}.");
                }
            }
        }

        return problems;
    }

    private static void CheckKeys(IConfigurationSection section, string[] known, List<string> problems)
    {
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                var path = section.Path[FunctionHostOptions.SectionName.Length..].TrimStart(':').Replace(':', '.');
                var key = path.Length == 0 ? child.Key : path + "." + child.Key;
                problems.Add($"host.json '{key}' is not a known setting. Known here: {string.Join(", ", known)}.");
            }
        }
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
