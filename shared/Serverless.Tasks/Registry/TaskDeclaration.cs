namespace Serverless.Tasks.Registry;

/// <summary>One task as declared (attribute or call), before validation: its options, its signature and how to invoke it.</summary>
internal sealed class TaskDeclaration
{
    public required string Name { get; init; }

    /// <summary>"Namespace.Type.Method", "Namespace.Type" (lifecycle) or "registered by a call".</summary>
    public required string DeclaredAt { get; init; }

    /// <summary>
    /// The method or lifecycle class an attribute-declared task comes from: the same declaration reached twice (an
    /// assembly scan and a library's registry) is one task. Null for a task registered by a call.
    /// </summary>
    public System.Reflection.MemberInfo? Source { get; set; }

    /// <summary>The attribute of an attribute-declared task; null for a task registered by a call.</summary>
    public TaskAttribute? Attribute { get; init; }

    /// <summary>The options of a task registered by a call.</summary>
    public TaskOptions? Options { get; init; }

    public Type? ParametersType { get; init; }

    public Type? ResultType { get; init; }

    /// <summary>An instance method: its class is built from the host's services, so it cannot run as a CPU-bound job.</summary>
    public bool NeedsInstance { get; init; }

    /// <summary>Set for a lifecycle task.</summary>
    public LifecycleTaskInfo? Lifecycle { get; init; }

    /// <summary>Problems found when the declaration was read (an unsupported signature, say); reported by Build.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Builds the invoker once the definition exists (the invoker reads its parameter type and defaults).</summary>
    public Func<DefinitionRef, LifecycleTasks, TaskInvoker>? CreateInvoker { get; init; }

    public string Subject => $"Task '{Name}' ({DeclaredAt})";
}

/// <summary>The definition an invoker belongs to, set right after the definition is built.</summary>
internal sealed class DefinitionRef
{
    public TaskDefinition Value { get; set; } = null!;
}

/// <summary>A lifecycle task's class and state type.</summary>
internal sealed record LifecycleTaskInfo(Type TaskType, Type StateType);
