namespace Serverless.Worker;

/// <summary>Everything about one invocation of a function, as in the isolated worker.</summary>
public abstract class FunctionContext
{
    /// <summary>A new id for every invocation.</summary>
    public abstract string InvocationId { get; }

    /// <summary>A stable id of the function.</summary>
    public abstract string FunctionId { get; }

    public abstract FunctionDefinition FunctionDefinition { get; }

    /// <summary>The trigger's metadata (for a queue message: Id, DequeueCount, InsertionTime, ...).</summary>
    public abstract BindingContext BindingContext { get; }

    /// <summary>The services of this invocation's scope.</summary>
    public abstract IServiceProvider InstanceServices { get; set; }

    /// <summary>State that lives as long as the invocation.</summary>
    public abstract IDictionary<object, object> Items { get; set; }

    /// <summary>Fires when the host stops or the function exceeds functionTimeout.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>Retry state when the trigger retries; for a queue message, how many times it was delivered before.</summary>
    public abstract RetryContext? RetryContext { get; }
}

/// <summary>What the host knows about a function.</summary>
public abstract class FunctionDefinition
{
    public abstract string Name { get; }

    public abstract string Id { get; }

    /// <summary>Namespace.Type.Method of the function's method.</summary>
    public abstract string EntryPoint { get; }

    public abstract string PathToAssembly { get; }

    /// <summary>The trigger type, for example "timerTrigger", "queueTrigger", "httpTrigger".</summary>
    public abstract string TriggerType { get; }
}

/// <summary>The trigger's metadata for this invocation.</summary>
public abstract class BindingContext
{
    public abstract IReadOnlyDictionary<string, object?> BindingData { get; }
}

/// <summary>How many times the trigger delivered this invocation before, and how many it will at most.</summary>
public abstract class RetryContext
{
    public abstract int RetryCount { get; }

    public abstract int MaxRetryCount { get; }
}
