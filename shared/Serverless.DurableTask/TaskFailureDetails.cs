namespace Serverless.DurableTask;

/// <summary>Details of a task or orchestration failure: the exception type, message, stack trace and inner failure.</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace, TaskFailureDetails? InnerFailure)
{
    /// <summary>True when the failure was caused by an exception of type <typeparamref name="T"/> or a type derived from it.</summary>
    public bool IsCausedBy<T>()
        where T : Exception
    {
        var type = Type.GetType(ErrorType, throwOnError: false) ?? FindLoadedType(ErrorType);
        return type is not null && typeof(T).IsAssignableFrom(type);
    }

    /// <summary>Builds failure details from an exception, including its inner exception chain.</summary>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // A failed task rethrown by an orchestrator carries the task's own failure as its cause, as in Durable Functions.
        var inner = exception.InnerException is not null ? FromException(exception.InnerException)
            : exception is TaskFailedException failed ? failed.FailureDetails
            : null;
        return new TaskFailureDetails(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, exception.StackTrace, inner);
    }

    /// <inheritdoc />
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";

    private static Type? FindLoadedType(string fullName)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var type = assembly.GetType(fullName, throwOnError: false);
            if (type is not null)
            {
                return type;
            }
        }

        return null;
    }
}
