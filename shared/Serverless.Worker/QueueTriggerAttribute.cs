namespace Serverless.Worker;

/// <summary>
/// Runs the function for each message of an Azure Storage queue. The parameter may be a string, BinaryData, byte[],
/// Azure.Storage.Queues.Models.QueueMessage, or a POCO/record deserialized from JSON.
/// </summary>
public sealed class QueueTriggerAttribute(string queueName) : TriggerBindingAttribute
{
    /// <summary>The queue name, or %Setting% resolved from configuration.</summary>
    public string QueueName { get; } = queueName;

    /// <summary>The name of the setting that holds the storage connection; AzureWebJobsStorage when null.</summary>
    public string? Connection { get; set; }
}

/// <summary>Sends the return value (or the property's value) as a message, or one message per element of an array.</summary>
public sealed class QueueOutputAttribute(string queueName) : OutputBindingAttribute
{
    public string QueueName { get; } = queueName;

    public string? Connection { get; set; }
}
