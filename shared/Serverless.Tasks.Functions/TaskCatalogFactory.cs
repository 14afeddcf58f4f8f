using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Tasks.Functions;

/// <summary>
/// Builds the app's one task catalog: the [Task] declarations of the app's assemblies (unless the setting
/// <see cref="ScanSetting"/> is false) and every <see cref="TaskRegistry"/> added with <c>services.AddTaskRegistry</c>.
/// <see cref="TaskRegistry.Build"/> validates them all; its <see cref="TaskDeclarationException"/> stops the host's start.
/// </summary>
internal static class TaskCatalogFactory
{
    /// <summary>App setting: false = only registries added to the services declare tasks (tests that pick their tasks).</summary>
    public const string ScanSetting = "Serverless:Tasks:ScanAssemblies";

    public static TaskCatalog Create(IServiceProvider services)
    {
        var configuration = services.GetService<IConfiguration>();
        var scan = !string.Equals(configuration?[ScanSetting], "false", StringComparison.OrdinalIgnoreCase);
        return Create(scan ? TaskAssemblies.Find(Assembly.GetEntryAssembly()) : [], services.GetServices<TaskRegistry>());
    }

    public static TaskCatalog Create(IEnumerable<Assembly> assemblies, IEnumerable<TaskRegistry> registries)
    {
        var all = new TaskRegistry();
        foreach (var assembly in assemblies)
        {
            all.AddTasksFrom(assembly);
        }

        foreach (var registry in registries)
        {
            all.Add(registry);
        }

        return all.Build();
    }
}
