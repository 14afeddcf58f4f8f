using System.Reflection;

namespace Serverless.DurableTask.Functions.Bindings;

/// <summary>
/// Awaits what an orchestrator method returned (T, Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;) on the caller's
/// synchronization context: orchestrator code must stay on the engine's replay scheduler, so every await here is
/// ConfigureAwait(true).
/// </summary>
internal static class ReturnValues
{
    public static async Task<object?> AwaitAsync(object? raw, Type declaredType)
    {
        if (raw is null || declaredType == typeof(void))
        {
            return null;
        }

        if (declaredType == typeof(ValueTask))
        {
            await ((ValueTask)raw).ConfigureAwait(true);
            return null;
        }

        if (declaredType.IsGenericType && declaredType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var task = (Task)declaredType.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(raw, null)!;
            await task.ConfigureAwait(true);
            return task.GetType().GetProperty(nameof(Task<int>.Result))!.GetValue(task);
        }

        if (raw is Task awaited)
        {
            await awaited.ConfigureAwait(true);
            return declaredType.IsGenericType && declaredType.GetGenericTypeDefinition() == typeof(Task<>)
                ? declaredType.GetProperty(nameof(Task<int>.Result), BindingFlags.Public | BindingFlags.Instance)!.GetValue(awaited)
                : null;
        }

        return raw;
    }
}
