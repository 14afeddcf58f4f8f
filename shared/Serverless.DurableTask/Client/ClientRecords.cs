namespace Serverless.DurableTask.Client;

/// <summary>Options for a new instance: its id (default a new GUID, "N" format) and a delayed start.</summary>
public record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

/// <summary>A query over instances. Null members do not filter.</summary>
public record OrchestrationQuery(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IEnumerable<OrchestrationRuntimeStatus>? Statuses = null,
    IEnumerable<string>? TaskHubNames = null,
    string? InstanceIdPrefix = null,
    int PageSize = OrchestrationQuery.DefaultPageSize,
    bool FetchInputsAndOutputs = false,
    string? ContinuationToken = null)
{
    public const int DefaultPageSize = 100;
}

/// <summary>Which terminal instances a purge deletes.</summary>
public record PurgeInstancesFilter(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IEnumerable<OrchestrationRuntimeStatus>? Statuses = null);

/// <summary>Options for purges (reserved: recursive purge of sub-orchestrations).</summary>
public record PurgeInstanceOptions(bool Recursive = false);

/// <summary>How many instances a purge deleted.</summary>
public record PurgeResult(int PurgedInstanceCount);
