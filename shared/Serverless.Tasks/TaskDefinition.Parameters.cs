using System.Text.Json;

namespace Serverless.Tasks;

public sealed partial class TaskDefinition
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private (string? Json, JsonElement? Element)? _defaults;

    /// <summary>
    /// The parameters a run gets when none were given: the declared defaults; without any, "{}" for a typed task and
    /// null for an untyped one.
    /// </summary>
    internal JsonElement? DefaultParametersElement
    {
        get
        {
            var json = DefaultParameters;
            if (_defaults is not { } cached || !ReferenceEquals(cached.Json, json))
            {
                JsonElement? element = json is null ? (ParametersType is null ? null : EmptyObject) : JsonDocument.Parse(json).RootElement.Clone();
                _defaults = cached = (json, element);
            }

            return cached.Element;
        }
    }

    private JsonElement? Validate(JsonElement? parameters)
    {
        if (TaskParameters.IsMissing(parameters))
        {
            parameters = DefaultParametersElement;
        }

        if (ParametersType is null)
        {
            return TaskParameters.IsMissing(parameters) ? null : parameters!.Value.Clone();
        }

        var value = TaskParameters.Read(ParametersType, parameters ?? default, out var errors);
        if (errors.Count > 0)
        {
            throw new TaskParametersException(Name, errors);
        }

        return JsonSerializer.SerializeToElement(value, ParametersType, TaskJson.Options);
    }

    /// <summary>The run's parameters as the task's parameter type (a JsonElement or null for an untyped task), defaults applied.</summary>
    internal object? ReadParameters(JsonElement? parameters)
    {
        if (TaskParameters.IsMissing(parameters))
        {
            parameters = DefaultParametersElement;
        }

        if (ParametersType is null)
        {
            return TaskParameters.IsMissing(parameters) ? null : parameters!.Value;
        }

        return TaskParameters.IsMissing(parameters) ? null : parameters!.Value.Deserialize(ParametersType, TaskJson.Options);
    }

    private TimeSpan RetryDelayFor(int retry, Random? random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var max = MaxRetryDelay.Ticks;
        var exponent = Math.Min(retry - 1, 62);
        var ticks = (double)RetryDelay.Ticks * Math.Pow(2, exponent);
        var delay = ticks >= max ? max : (long)ticks;
        if (RetryJitter && delay > 0)
        {
            var half = delay / 2;
            delay = half + (long)((random ?? Random.Shared).NextDouble() * (delay - half));
        }

        return TimeSpan.FromTicks(delay);
    }
}
