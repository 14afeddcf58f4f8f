using System.Reflection;

namespace Serverless.Host.Hosting;

/// <summary>
/// The app's assemblies: the application assembly, the assemblies it references (recursively) and the assemblies in
/// the app's folder, leaving out the framework's and packages'. The folder matters: a project reference whose types
/// the app never names (an extension, a library of functions) is not in the app's metadata, only in its folder.
/// </summary>
internal static class AssemblyScanner
{
    private static readonly string[] SkippedPrefixes = ["System", "Microsoft", "Azure", "netstandard", "mscorlib", "xunit", "Cronos", "Newtonsoft", "testhost"];

    public static IReadOnlyList<Assembly> AppAssemblies(Assembly? application)
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>();
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (SkippedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            try
            {
                pending.Push(Assembly.Load(AssemblyName.GetAssemblyName(file)));
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or FileNotFoundException)
            {
                // Not a managed assembly of this app.
            }
        }

        if (application is not null)
        {
            pending.Push(application);
        }

        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is null || found.ContainsKey(reference.Name) || SkippedPrefixes.Any(p => reference.Name.StartsWith(p, StringComparison.Ordinal)))
                {
                    continue;
                }

                try
                {
                    pending.Push(Assembly.Load(reference));
                }
                catch (FileNotFoundException)
                {
                    // A reference that is not deployed (compile-time only) has no functions to find.
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>Types that may declare functions: those of assemblies that reference the programming model.</summary>
    public static IEnumerable<Type> FunctionTypes(IEnumerable<Assembly> assemblies)
    {
        var model = typeof(Worker.FunctionAttribute).Assembly.GetName().Name;
        return assemblies
            .Where(a => a.GetReferencedAssemblies().Any(r => r.Name == model))
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsGenericTypeDefinition);
    }

    public static IEnumerable<IServerlessExtension> Extensions(IEnumerable<Assembly> assemblies) =>
        assemblies
            .SelectMany(a => a.GetCustomAttributes<ServerlessExtensionAttribute>())
            .Select(a => a.ExtensionType)
            .Distinct()
            .Select(t => (IServerlessExtension)Activator.CreateInstance(t)!);
}
