using System.Reflection;
using Serverless.Tasks.Lifecycle;
using Serverless.Tasks.Registry;

namespace Serverless.Tasks;

/// <summary>
/// A set of task declarations. Registries compose: a library defines its tasks in its own registry, an app adds
/// several (<see cref="Add(TaskRegistry)"/>, or <c>services.AddTaskRegistry(registry)</c>). Attribute-declared tasks
/// are added with <see cref="AddTasksFrom(Type)"/>; tasks built at run time (in a loop, say) with the Add calls.
/// Nothing is validated until <see cref="Build"/>, which reports every problem at once.
/// </summary>
public sealed partial class TaskRegistry
{
    private readonly List<TaskDeclaration> _declarations = [];
    private readonly List<TaskRegistry> _included = [];
    private readonly List<string> _problems = [];

    /// <summary>Adds the tasks of another registry (as they are when <see cref="Build"/> runs; a registry added twice counts once).</summary>
    public TaskRegistry Add(TaskRegistry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _included.Add(other);
        return this;
    }

    /// <summary>Adds the <see cref="TaskAttribute"/> methods of <paramref name="type"/>, or the type itself when it is a lifecycle task.</summary>
    public TaskRegistry AddTasksFrom(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!AddDeclaredIn(type))
        {
            _problems.Add($"Type {type.FullName} has no [Task] methods and is not a [Task] lifecycle class.");
        }

        return this;
    }

    public TaskRegistry AddTasksFrom<T>() => AddTasksFrom(typeof(T));

    /// <summary>Adds every <see cref="TaskAttribute"/> declaration in the assembly.</summary>
    public TaskRegistry AddTasksFrom(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            AddDeclaredIn(type);
        }

        return this;
    }

    /// <summary>
    /// Validates every declaration (names unique, options in range, triggers, default parameters, dependencies known and
    /// acyclic, RunAfter result and parameter types compatible) and returns the catalog; throws
    /// <see cref="TaskDeclarationException"/> listing each problem with the task and option named and any cycle printed.
    /// </summary>
    public TaskCatalog Build()
    {
        var declarations = new List<TaskDeclaration>();
        var problems = new List<string>();
        Collect(this, [], declarations, problems);
        declarations = [.. declarations.DistinctBy(d => d.Source ?? (object)d)];

        var lifecycles = new LifecycleTasks(declarations.Where(d => d.Lifecycle is not null)
            .DistinctBy(d => d.Name, StringComparer.OrdinalIgnoreCase).Select(d => (d.Name, d.Lifecycle!)));
        var tasks = declarations.Select(d => DefinitionReader.Read(d, lifecycles, problems)).ToList();
        CatalogChecks.Check(tasks, problems);
        if (problems.Count > 0)
        {
            throw new TaskDeclarationException(problems);
        }

        return new TaskCatalog(tasks) { Lifecycles = lifecycles };
    }

    private static void Collect(TaskRegistry registry, HashSet<TaskRegistry> seen, List<TaskDeclaration> declarations, List<string> problems)
    {
        if (!seen.Add(registry))
        {
            return;
        }

        declarations.AddRange(registry._declarations);
        problems.AddRange(registry._problems);
        foreach (var included in registry._included)
        {
            Collect(included, seen, declarations, problems);
        }
    }

    private bool AddDeclaredIn(Type type)
    {
        var found = false;
        if (type.GetCustomAttribute<TaskAttribute>() is { } classAttribute)
        {
            found = true;
            AddLifecycleClass(type, classAttribute);
        }

        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var method in type.GetMethods(all).OrderBy(m => m.MetadataToken))
        {
            if (method.GetCustomAttribute<TaskAttribute>() is { } attribute)
            {
                found = true;
                var declaration = MethodTasks.Declare(method, attribute);
                declaration.Source = method;
                _declarations.Add(declaration);
            }
        }

        return found;
    }

    private void AddLifecycleClass(Type type, TaskAttribute attribute)
    {
        var declaration = new TaskDeclaration
        {
            Name = attribute.Name,
            DeclaredAt = type.FullName ?? type.Name,
            Attribute = attribute,
            Source = type,
            Lifecycle = LifecycleAdapter.FindStateType(type) is { } state && !type.IsAbstract && !type.ContainsGenericParameters
                ? new LifecycleTaskInfo(type, state)
                : null,
        };
        if (declaration.Lifecycle is null)
        {
            declaration.Problems.Add($"{declaration.Subject}: [Task] on a class needs a concrete, non-generic class implementing ILifecycleTask<TState> once.");
            _declarations.Add(declaration);
            return;
        }

        _declarations.Add(WithLifecycleInvoker(declaration));
    }
}
