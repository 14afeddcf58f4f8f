using System.Reflection;

namespace Serverless.Host.Indexing;

/// <summary>Unwraps what a function method returns: void, T, Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;.</summary>
internal static class ReturnShape
{
    /// <summary>The value type (null when none) and a function that awaits the raw return value into it.</summary>
    public static (Type? ValueType, Func<object?, ValueTask<object?>> Await) Of(Type returnType)
    {
        if (returnType == typeof(void))
        {
            return (null, static _ => ValueTask.FromResult<object?>(null));
        }

        if (returnType == typeof(Task))
        {
            return (null, static async task => { await ((Task)task!).ConfigureAwait(false); return null; });
        }

        if (returnType == typeof(ValueTask))
        {
            return (null, static async task => { await ((ValueTask)task!).ConfigureAwait(false); return null; });
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var inner = returnType.GetGenericArguments()[0];
            return (inner, Generic(nameof(FromTask), inner));
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var inner = returnType.GetGenericArguments()[0];
            return (inner, Generic(nameof(FromValueTask), inner));
        }

        return (returnType, static value => ValueTask.FromResult(value));
    }

    private static Func<object?, ValueTask<object?>> Generic(string name, Type inner) =>
        typeof(ReturnShape).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(inner)
            .CreateDelegate<Func<object?, ValueTask<object?>>>();

    private static async ValueTask<object?> FromTask<T>(object? task) => await ((Task<T>)task!).ConfigureAwait(false);

    private static async ValueTask<object?> FromValueTask<T>(object? task) => await ((ValueTask<T>)task!).ConfigureAwait(false);
}
