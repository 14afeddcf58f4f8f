using Microsoft.Extensions.Configuration;

namespace Serverless.Tasks.Functions;

/// <summary>
/// The app settings naming the lane queues of the namespace this app serves (<see cref="TasksOptions.Namespace"/>) and the
/// chains queue. The
/// trigger attributes read them as <c>%Serverless:Tasks:Queues:Critical%</c>; the client sends to the names the runtime
/// derives (<c>{prefix}-{namespace}-p3</c>, ...). At worker start each setting must be present and equal to its derived
/// name, or the start fails naming the setting and the value it should have.
/// </summary>
internal sealed class TaskLaneSettings
{
    public const string Critical = "Serverless:Tasks:Queues:Critical";
    public const string High = "Serverless:Tasks:Queues:High";
    public const string Normal = "Serverless:Tasks:Queues:Normal";
    public const string Low = "Serverless:Tasks:Queues:Low";
    public const string Idle = "Serverless:Tasks:Queues:Idle";
    public const string Chains = "Serverless:Tasks:Queues:Chains";

    private readonly Dictionary<string, string> _expected;
    private readonly IConfiguration _configuration;

    public TaskLaneSettings(IConfiguration configuration, TaskStorageNames names, string @namespace)
    {
        _configuration = configuration;
        _expected = Expected(names, @namespace);
    }

    /// <summary>
    /// The lane settings as app settings (<c>Serverless__Tasks__Queues__Critical</c>, ...) with the queues they must name
    /// for a storage prefix and namespace: what local.settings.json holds, and what a host started in code sets.
    /// </summary>
    public static Dictionary<string, string> AppSettings(string prefix, string @namespace = TaskDefaults.Namespace) =>
        Expected(new TaskStorageNames(prefix), @namespace).ToDictionary(e => AppSetting(e.Key), e => e.Value, StringComparer.Ordinal);

    private static Dictionary<string, string> Expected(TaskStorageNames names, string @namespace) => new(StringComparer.Ordinal)
    {
        [Critical] = names.Queue(@namespace, TaskPriority.Critical),
        [High] = names.Queue(@namespace, TaskPriority.High),
        [Normal] = names.Queue(@namespace, TaskPriority.Normal),
        [Low] = names.Queue(@namespace, TaskPriority.Low),
        [Idle] = names.IdleQueue(@namespace),
        [Chains] = names.ChainsQueue,
    };

    private static string AppSetting(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The queue of a lane's setting.</summary>
    public string QueueOf(string setting) => _expected[setting];

    /// <summary>Every setting that is missing or names another queue, with the value it should have; empty when all agree.</summary>
    public IReadOnlyList<string> Problems() =>
        [.. _expected.Where(e => !string.Equals(_configuration[e.Key], e.Value, StringComparison.Ordinal)).Select(e => _configuration[e.Key] is { Length: > 0 } actual
            ? $"{e.Key} (app setting {AppSetting(e.Key)}) is '{actual}' but the task runtime sends that lane's runs to '{e.Value}'"
            : $"{e.Key} (app setting {AppSetting(e.Key)}) is not set: it must be '{e.Value}'")];
}
