using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>An orchestration work item with the queue receipts of its messages.</summary>
internal sealed class AzureOrchestrationWorkItem : OrchestrationWorkItem
{
    public required int Partition { get; init; }

    public required List<ReceivedMessage> Messages { get; init; }
}

/// <summary>An activity work item with the queue receipt of its message.</summary>
internal sealed class AzureActivityWorkItem : ActivityWorkItem
{
    public required ReceivedMessage Received { get; init; }
}
