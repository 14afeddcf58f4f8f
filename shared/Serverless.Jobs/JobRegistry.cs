using System.Reflection;
using System.Text.Json;

namespace Serverless.Jobs;

/// <summary>
/// The job functions an app can run in job mode, by task name. Input and output are JSON, typed by the function.
/// </summary>
public sealed class JobRegistry
{
    private readonly Dictionary<string, JobFunction> _functions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CpuBoundAttribute> _resources = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Registers a job function under <paramref name="taskName"/>; its resource request is the <see cref="CpuBoundAttribute"/>
    /// on the method (pass a method group), else one cpu and 2 GiB.
    /// </summary>
    public JobRegistry Add<TInput, TOutput>(string taskName, Func<JobContext, TInput, CancellationToken, Task<TOutput>> function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskName);
        ArgumentNullException.ThrowIfNull(function);
        if (_functions.ContainsKey(taskName))
        {
            throw new ArgumentException($"A job function named '{taskName}' is registered already.", nameof(taskName));
        }

        _functions[taskName] = async (context, input, cancellationToken) =>
        {
            TInput typed;
            try
            {
                typed = input.ToObjectFromJson<TInput>(JobJson.Options)!;
            }
            catch (JsonException e)
            {
                throw new JobInputException(
                    $"The input of job '{context.JobId}' is not valid JSON for task '{taskName}' ({typeof(TInput).Name}): {e.Message}", e);
            }

            var output = await function(context, typed, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Serialize(output, JobJson.Options);
        };
        _resources[taskName] = function.Method.GetCustomAttribute<CpuBoundAttribute>() ?? new CpuBoundAttribute();
        return this;
    }

    /// <summary>The resource request of a registered task.</summary>
    /// <exception cref="KeyNotFoundException">No task of that name is registered; the message lists those that are.</exception>
    public CpuBoundAttribute ResourcesOf(string taskName) =>
        _resources.TryGetValue(taskName, out var resources)
            ? resources
            : throw new KeyNotFoundException($"No job task named '{taskName}' is registered; registered: {string.Join(", ", TaskNames)}.");

    /// <summary>The registered task names.</summary>
    public IReadOnlyCollection<string> TaskNames => _functions.Keys;

    internal bool TryGet(string taskName, out JobFunction function) => _functions.TryGetValue(taskName, out function!);
}

/// <summary>A job function with its JSON conversions: input JSON in, output JSON out.</summary>
internal delegate Task<string> JobFunction(JobContext context, BinaryData input, CancellationToken cancellationToken);

/// <summary>The job's input blob does not hold what the task expects.</summary>
internal sealed class JobInputException(string message, Exception inner) : Exception(message, inner);
