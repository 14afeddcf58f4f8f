using System.Globalization;
using System.Reflection;
using Serverless.DurableTask;

namespace Serverless.Jobs.Functions;

/// <summary>
/// The id of the scheduled task an activity execution belongs to, when the engine's context exposes one as a
/// <c>TaskId</c> property (the TaskScheduled event id). <see cref="TaskActivityContext"/> has no such member yet; this
/// picks it up as soon as it does, without a compile-time dependency on it.
/// </summary>
internal static class ActivityTaskId
{
    public static string? Of(TaskActivityContext context)
    {
        var property = context.GetType().GetProperty("TaskId", BindingFlags.Public | BindingFlags.Instance);
        return property?.GetValue(context) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
    }
}
