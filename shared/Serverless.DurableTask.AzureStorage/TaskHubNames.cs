namespace Serverless.DurableTask.AzureStorage;

/// <summary>
/// The storage resources of a task hub, named as the Durable Task Framework's Azure Storage provider names them:
/// {hub}-control-NN, {hub}-workitems, {hub}History, {hub}Instances, {hub}-leases, {hub}-largemessages.
/// </summary>
internal sealed class TaskHubNames
{
    public TaskHubNames(string hubName, int partitionCount)
    {
        var lower = hubName.ToLowerInvariant();
        ControlQueues = Enumerable.Range(0, partitionCount).Select(i => $"{lower}-control-{i:D2}").ToArray();
        WorkItemQueue = $"{lower}-workitems";
        HistoryTable = $"{hubName}History";
        InstancesTable = $"{hubName}Instances";
        LeaseContainer = $"{lower}-leases";
        LargeMessageContainer = $"{lower}-largemessages";
    }

    public IReadOnlyList<string> ControlQueues { get; }

    public string WorkItemQueue { get; }

    public string HistoryTable { get; }

    public string InstancesTable { get; }

    public string LeaseContainer { get; }

    public string LargeMessageContainer { get; }

    public static bool IsValidHubName(string? name) =>
        name is { Length: >= 3 and <= 45 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);

    /// <summary>The partition (control queue index) of an instance: FNV-1a over the id's UTF-8 bytes, mod the count.</summary>
    public static int PartitionOf(string instanceId, int partitionCount)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(instanceId))
        {
            hash ^= b;
            hash *= prime;
        }

        return (int)(hash % (uint)partitionCount);
    }
}
