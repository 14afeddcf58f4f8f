using Microsoft.Extensions.DependencyInjection;

namespace Serverless.DurableTask.Engine;

/// <summary>Runs an activity: serialized input in, serialized output out.</summary>
public delegate Task<string?> ActivityInvoker(TaskActivityContext context, string? input, CancellationToken cancellationToken);

public sealed partial class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ActivityInvoker>> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names of the registered activities.</summary>
    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    /// <summary>Registers a class-based activity under its class name.</summary>
    public DurableTaskRegistry AddActivity<TActivity>()
        where TActivity : class, ITaskActivity =>
        AddActivity(typeof(TActivity).Name, typeof(TActivity));

    /// <summary>Registers a class-based activity (created per execution through DI) under <paramref name="name"/>.</summary>
    public DurableTaskRegistry AddActivity(TaskName name, Type activityType)
    {
        ArgumentNullException.ThrowIfNull(activityType);
        if (!typeof(ITaskActivity).IsAssignableFrom(activityType))
        {
            throw new ArgumentException($"The type '{activityType.FullName}' does not implement {nameof(ITaskActivity)}.", nameof(activityType));
        }

        return AddActivity(name, services => (ITaskActivity)ActivatorUtilities.CreateInstance(services, activityType));
    }

    /// <summary>Registers an activity created by <paramref name="factory"/>.</summary>
    public DurableTaskRegistry AddActivity(TaskName name, Func<IServiceProvider, ITaskActivity> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return AddActivityCore(name, services => async (context, input, _) =>
        {
            var activity = factory(services);
            var output = await activity.RunAsync(context, JsonDataConverter.Deserialize(input, activity.InputType)).ConfigureAwait(false);
            return JsonDataConverter.Serialize(output);
        });
    }

    /// <summary>Registers an asynchronous delegate activity.</summary>
    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(TaskName name, Func<TaskActivityContext, TInput?, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivityCore(name, _ => async (context, input, _) =>
            JsonDataConverter.Serialize(await activity(context, JsonDataConverter.Deserialize<TInput>(input)).ConfigureAwait(false)));
    }

    /// <summary>Registers a synchronous delegate activity.</summary>
    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(TaskName name, Func<TaskActivityContext, TInput?, TOutput> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivityCore(name, _ => (context, input, _) =>
            Task.FromResult(JsonDataConverter.Serialize(activity(context, JsonDataConverter.Deserialize<TInput>(input)))));
    }

    /// <summary>Registers an asynchronous delegate activity without output.</summary>
    public DurableTaskRegistry AddActivityFunc<TInput>(TaskName name, Func<TaskActivityContext, TInput?, Task> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivityCore(name, _ => async (context, input, _) =>
        {
            await activity(context, JsonDataConverter.Deserialize<TInput>(input)).ConfigureAwait(false);
            return null;
        });
    }

    /// <summary>
    /// Registers an activity in serialized form (JSON in, JSON out, cancellation on shutdown): the hook a function host
    /// uses to run activities through its own invoker and bindings.
    /// </summary>
    public DurableTaskRegistry AddActivitySerialized(TaskName name, ActivityInvoker activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivityCore(name, _ => activity);
    }

    internal ActivityInvoker? ResolveActivity(string name, IServiceProvider services) =>
        _activities.TryGetValue(name, out var factory) ? factory(services) : null;

    private DurableTaskRegistry AddActivityCore(TaskName name, Func<IServiceProvider, ActivityInvoker> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name.Name);
        if (!_activities.TryAdd(name.Name, factory))
        {
            throw new ArgumentException($"An activity named '{name.Name}' is already registered.", nameof(name));
        }

        return this;
    }
}
