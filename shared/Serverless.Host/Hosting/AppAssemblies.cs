using System.Reflection;

namespace Serverless.Host.Hosting;

/// <summary>
/// The app's assemblies as the host finds them (the application assembly, its references and the assemblies in the
/// app's folder), for extensions that find declarations of their own the way the host finds functions: tasks,
/// CPU-bound jobs. The host, its extensions and job mode use this one scan, so a declaration is found once.
/// </summary>
public static class AppAssemblies
{
    /// <summary>The app's assemblies that reference <paramref name="model"/> (the assembly of the declarations' attribute), by name.</summary>
    public static IReadOnlyList<Assembly> Referencing(Assembly model, Assembly? application)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = model.GetName().Name;
        return [.. AssemblyScanner.AppAssemblies(application)
            .Where(a => a.GetReferencedAssemblies().Any(r => r.Name == name))
            .OrderBy(a => a.GetName().Name, StringComparer.Ordinal)];
    }
}
