using System.Reflection;

namespace Serverless.Host;

/// <summary>How a function app is put together. The defaults are what a normal app wants; tests narrow them.</summary>
public sealed class FunctionsApplicationOptions
{
    /// <summary>Command-line arguments (--port N, --urls, and any configuration key=value).</summary>
    public string[] Args { get; init; } = [];

    /// <summary>The app's assembly; functions are found in it and the assemblies it references. The entry assembly by default.</summary>
    public Assembly? ApplicationAssembly { get; init; }

    /// <summary>When set, only these types are searched for functions (tests use this to run a chosen few).</summary>
    public IReadOnlyList<Type>? FunctionTypes { get; init; }

    /// <summary>The folder with host.json and local.settings.json; the app's folder by default.</summary>
    public string? ScriptRoot { get; init; }

    /// <summary>Whether local.settings.json is read (a local run); tests turn it off.</summary>
    public bool UseLocalSettings { get; init; } = true;

    /// <summary>Whether Azurite is started when AzureWebJobsStorage is UseDevelopmentStorage=true and it is not running.</summary>
    public bool StartAzurite { get; init; } = true;
}
