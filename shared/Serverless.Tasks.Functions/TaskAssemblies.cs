using System.Reflection;

namespace Serverless.Tasks.Functions;

/// <summary>
/// The app's assemblies that may declare tasks: the application assembly, the assemblies it references and the ones in
/// the app's folder, keeping those that reference the task model (the framework's and packages' are skipped). The host
/// and job mode use the same scan, so a task is declared once.
/// </summary>
internal static class TaskAssemblies
{
    private static readonly string[] SkippedPrefixes = ["System", "Microsoft", "Azure", "netstandard", "mscorlib", "xunit", "Cronos", "Newtonsoft", "testhost"];

    public static IReadOnlyList<Assembly> Find(Assembly? application)
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>();
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
        {
            if (Skipped(Path.GetFileNameWithoutExtension(file)))
            {
                continue;
            }

            try
            {
                pending.Push(Assembly.Load(AssemblyName.GetAssemblyName(file)));
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
            {
                // Not a managed assembly of this app.
            }
        }

        if (application is not null)
        {
            pending.Push(application);
        }

        while (pending.TryPop(out var assembly))
        {
            if (!found.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is null || found.ContainsKey(reference.Name) || Skipped(reference.Name))
                {
                    continue;
                }

                try
                {
                    pending.Push(Assembly.Load(reference));
                }
                catch (FileNotFoundException)
                {
                    // A compile-time-only reference declares no tasks here.
                }
            }
        }

        var model = typeof(TaskAttribute).Assembly.GetName().Name;
        return [.. found.Values.Where(a => a.GetReferencedAssemblies().Any(r => r.Name == model)).OrderBy(a => a.GetName().Name, StringComparer.Ordinal)];
    }

    private static bool Skipped(string name) => SkippedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
}
