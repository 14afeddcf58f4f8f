using System.Reflection;

namespace Serverless.Jobs.Functions;

/// <summary>
/// Finds <see cref="CpuBoundTaskAttribute"/> methods in the app's assemblies: the application assembly, the ones it
/// references and the ones in the app's folder that reference this assembly. The host (activities) and job mode (the
/// job registry) use the same scan, so a task is declared once.
/// </summary>
internal static class CpuBoundTaskScanner
{
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

    /// <summary>The app's assemblies (the host's scan) that reference this one: where [CpuBoundTask] methods can be.</summary>
    public static IReadOnlyList<Assembly> AppAssemblies(Assembly? application) =>
        Serverless.Host.Hosting.AppAssemblies.Referencing(typeof(CpuBoundTaskAttribute).Assembly, application);
}
