using System.Text.Json;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// A run's queue message: small, the parameters stay in the run record. <paramref name="Failures"/> counts the times
/// handling the message threw, so a message that always fails is poisoned; <paramref name="Deliveries"/> the times it
/// went to workers that do not know its task (a rolling deploy). Both travel in the copy the dispatcher sends back.
/// </summary>
internal sealed record TaskMessage(string RunId, string Task, int? Attempt = null, int? Failures = null, int? Deliveries = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, TaskJson.Options);

    /// <summary>The message, or null when the text is not a task message.</summary>
    public static TaskMessage? TryParse(string text)
    {
        try
        {
            var message = JsonSerializer.Deserialize<TaskMessage>(text, TaskJson.Options);
            return message is { RunId.Length: > 0, Task.Length: > 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A message of the dead-letter queue: the run that failed for good (or an unreadable message) and why.</summary>
internal sealed record DeadLetterMessage(string? RunId, string? Task, string Reason, TaskRunError? Error, DateTimeOffset At, string? OriginalMessage = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, TaskJson.Options);

    public static DeadLetterMessage? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<DeadLetterMessage>(text, TaskJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
