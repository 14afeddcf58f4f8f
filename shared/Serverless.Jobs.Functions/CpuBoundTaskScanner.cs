using System.Reflection;

namespace Serverless.Jobs.Functions;

/// <summary>
/// Finds <see cref="CpuBoundTaskAttribute"/> methods in the app's assemblies: the application assembly, the ones it
/// references and the ones in the app's folder that reference this assembly. The host (activities) and job mode (the
/// job registry) use the same scan, so a task is declared once.
/// </summary>
internal static class CpuBoundTaskScanner
{
    private static readonly string[] SkippedPrefixes = ["System", "Microsoft", "Azure", "netstandard", "mscorlib", "xunit", "Cronos", "testhost"];

    public static IReadOnlyList<CpuBoundTask> Scan(Assembly? application = null) =>
        Scan(AppAssemblies(application ?? Assembly.GetEntryAssembly()));

    public static IReadOnlyList<CpuBoundTask> Scan(IEnumerable<Assembly> assemblies)
    {
        var tasks = new List<CpuBoundTask>();
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var types = assemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsClass);
        foreach (var method in types.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)))
        {
            if (method.GetCustomAttribute<CpuBoundTaskAttribute>() is not { } declared)
            {
                continue;
            }

            var task = Describe(method, declared, problems);
            if (task is null)
            {
                continue;
            }

            if (!names.Add(task.Name))
            {
                problems.Add($"{Where(method)}: a CPU-bound task named '{task.Name}' is declared more than once.");
                continue;
            }

            tasks.Add(task);
        }

        return problems.Count == 0
            ? tasks
            : throw new InvalidOperationException("CPU-bound task declarations are not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    private static CpuBoundTask? Describe(MethodInfo method, CpuBoundTaskAttribute declared, List<string> problems)
    {
        var where = Where(method);
        var count = problems.Count;
        if (string.IsNullOrWhiteSpace(declared.Name))
        {
            problems.Add($"{where}: [CpuBoundTask] needs a name.");
        }

        if (!method.IsStatic)
        {
            problems.Add($"{where}: a CPU-bound task must be a static method (job mode has no services to build an instance).");
        }

        var parameters = method.GetParameters();
        if (parameters.Length != 3 || parameters[0].ParameterType != typeof(JobContext) || parameters[2].ParameterType != typeof(CancellationToken))
        {
            problems.Add($"{where}: expected parameters (JobContext, TInput, CancellationToken).");
        }

        var returns = method.ReturnType;
        if (!returns.IsGenericType || returns.GetGenericTypeDefinition() != typeof(Task<>))
        {
            problems.Add($"{where}: expected the return type Task<TOutput>, found {returns.Name}.");
        }

        var resources = method.GetCustomAttribute<CpuBoundAttribute>() ?? method.DeclaringType!.GetCustomAttribute<CpuBoundAttribute>() ?? new CpuBoundAttribute();
        if (resources.Ranks < 1 || resources.Cpus <= 0 || resources.MemoryGiB <= 0 || resources.TimeoutSeconds < 0 || resources.Nodes < 1 || resources.Nodes > resources.Ranks)
        {
            problems.Add($"{where}: [CpuBound] needs Ranks >= 1, Cpus > 0, MemoryGiB > 0, 1 <= Nodes <= Ranks and TimeoutSeconds >= 0.");
        }

        return problems.Count > count
            ? null
            : new CpuBoundTask(declared.Name, method, parameters[1].ParameterType, returns.GetGenericArguments()[0], resources);
    }

    private static string Where(MethodInfo method) => $"CPU-bound task method '{method.DeclaringType?.FullName}.{method.Name}'";

    /// <summary>The application assembly, its references and the assemblies in the app's folder (skipping the framework's).</summary>
    public static IReadOnlyList<Assembly> AppAssemblies(Assembly? application)
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>();
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (Skipped(name))
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

        var self = typeof(CpuBoundTaskAttribute).Assembly.GetName().Name;
        return [.. found.Values.Where(a => a.GetReferencedAssemblies().Any(r => r.Name == self))];
    }

    private static bool Skipped(string name) => SkippedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
}
