using Microsoft.Extensions.Options;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>Validates <see cref="AzureStorageDurableOptions"/>; every failure names the setting and the bad value.</summary>
internal sealed class AzureStorageDurableOptionsValidator : IValidateOptions<AzureStorageDurableOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureStorageDurableOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Check(AzureStorageDurableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.TaskHubName is not null && !TaskHubNames.IsValidHubName(options.TaskHubName))
        {
            failures.Add($"TaskHubName '{options.TaskHubName}' is invalid: use 3-45 letters or digits, starting with a letter.");
        }

        if (options.PartitionCount is < 1 or > 16)
        {
            failures.Add($"PartitionCount {options.PartitionCount} is out of range: use 1 to 16.");
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(15) || options.LeaseDuration > TimeSpan.FromSeconds(60))
        {
            failures.Add($"LeaseDuration {options.LeaseDuration} is out of range: Azure blob leases last 15 to 60 seconds.");
        }

        if (options.LeaseRenewInterval <= TimeSpan.Zero || options.LeaseRenewInterval * 2 > options.LeaseDuration)
        {
            failures.Add($"LeaseRenewInterval {options.LeaseRenewInterval} must be positive and at most half of LeaseDuration ({options.LeaseDuration}).");
        }

        if (options.ControlQueueBatchSize is < 1 or > 32)
        {
            failures.Add($"ControlQueueBatchSize {options.ControlQueueBatchSize} is out of range: use 1 to 32.");
        }

        if (options.WorkItemQueueBatchSize is < 1 or > 32)
        {
            failures.Add($"WorkItemQueueBatchSize {options.WorkItemQueueBatchSize} is out of range: use 1 to 32.");
        }

        if (options.MaxQueuePollingInterval <= TimeSpan.Zero)
        {
            failures.Add($"MaxQueuePollingInterval {options.MaxQueuePollingInterval} must be positive.");
        }

        if (options.MaxConcurrentOrchestrationWorkItems < 1)
        {
            failures.Add($"MaxConcurrentOrchestrationWorkItems {options.MaxConcurrentOrchestrationWorkItems} must be at least 1.");
        }

        return failures;
    }
}
