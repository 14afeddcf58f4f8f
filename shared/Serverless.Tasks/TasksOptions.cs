using System.ComponentModel.DataAnnotations;

namespace Serverless.Tasks;

/// <summary>
/// The task runtime's settings, app settings <c>Serverless:Tasks:*</c> (<c>Serverless__Tasks__StoragePrefix</c>, ...):
/// storage names, the namespace this app serves, abort checks and the idle thresholds of opportunistic tasks.
/// </summary>
public sealed class TasksOptions
{
    /// <summary>
    /// The prefix of the task queues, tables and lease container: lowercase letters and digits, 3-20 characters, starting
    /// with a letter. Apps sharing a storage account need different prefixes.
    /// </summary>
    [RegularExpression("^[a-z][a-z0-9]{2,19}$", ErrorMessage = "storagePrefix must be 3-20 lowercase letters and digits, starting with a letter.")]
    public string StoragePrefix { get; set; } = "tasks";

    /// <summary>The storage connection setting name.</summary>
    [Required]
    public string Connection { get; set; } = "AzureWebJobsStorage";

    /// <summary>
    /// The namespace whose lanes this app's queue triggers serve (the lane queue settings name its queues). Runs of a
    /// task in another namespace go to that namespace's queues, for the app that serves it.
    /// </summary>
    [RegularExpression("^[a-z0-9-]{1,30}$", ErrorMessage = "namespace must be 1-30 lowercase letters, digits and '-'.")]
    public string Namespace { get; set; } = TaskDefaults.Namespace;

    /// <summary>How long the copy of a message whose handling threw waits before it is handled again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan HandlingFailureDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running run checks whether it was aborted from another host.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan AbortCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Opportunistic runs start only while the machine's CPU use is below this fraction.</summary>
    [Range(0.01, 1.0)]
    public double OpportunisticCpuThreshold { get; set; } = 0.5;

    /// <summary>How often the idle capacity is measured.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan OpportunisticCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
