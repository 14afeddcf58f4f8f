using System.Reflection;
using Microsoft.Extensions.Hosting;
using Serverless.DurableTask.Engine;
using Serverless.Worker;

namespace Serverless.DurableTask.Functions.Bindings;

/// <summary>
/// Registers the app's [DurableTask] classes (TaskOrchestrator / TaskActivity) with the engine's registry. A hosted
/// service registered before the engine's worker, so the registry is complete when the worker starts.
/// </summary>
internal sealed class ClassBasedTasks(DurableTaskRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Register(registry, AppDomain.CurrentDomain.GetAssemblies());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static void Register(DurableTaskRegistry registry, IEnumerable<Assembly> assemblies)
    {
        var surface = typeof(ITaskOrchestrator).Assembly.GetName().Name;
        foreach (var assembly in assemblies.Where(a => !a.IsDynamic && a.GetReferencedAssemblies().Any(r => r.Name == surface)))
        {
            foreach (var type in SafeTypes(assembly))
            {
                if (type.GetCustomAttribute<DurableTaskAttribute>() is not { } attribute || type.IsAbstract || !type.IsClass)
                {
                    continue;
                }

                var name = attribute.Name ?? type.Name;
                if (typeof(ITaskOrchestrator).IsAssignableFrom(type) && !registry.OrchestratorNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    registry.AddOrchestrator(name, type);
                }
                else if (typeof(ITaskActivity).IsAssignableFrom(type) && !registry.ActivityNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    registry.AddActivity(name, type);
                }
            }
        }
    }

    private static Type[] SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return [.. ex.Types.OfType<Type>()];
        }
    }
}
