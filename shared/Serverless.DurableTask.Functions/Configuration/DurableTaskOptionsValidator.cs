using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Serverless.Host.Configuration;

namespace Serverless.DurableTask.Functions.Configuration;

/// <summary>Checks extensions.durableTask at start, including the nested storageProvider section; every problem names its key.</summary>
internal sealed class DurableTaskOptionsValidator(IConfiguration configuration) : IValidateOptions<DurableTaskOptions>
{
    private const string Prefix = "host.json 'extensions.durableTask.";

    public ValidateOptionsResult Validate(string? name, DurableTaskOptions options)
    {
        var problems = new List<string>();
        var hub = options.HubName;
        if (hub is null || hub.Length is < 3 or > 45 || !char.IsAsciiLetter(hub[0]) || !hub.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add($"{Prefix}hubName' is '{hub}': a task hub name has 3 to 45 letters or digits and starts with a letter.");
        }

        var storage = options.StorageProvider;
        if (storage.PartitionCount is < 1 or > 16)
        {
            problems.Add($"{Prefix}storageProvider.partitionCount' is {storage.PartitionCount}: expected 1 to 16.");
        }

        if (storage.ControlQueueBatchSize is < 1 or > 32)
        {
            problems.Add($"{Prefix}storageProvider.controlQueueBatchSize' is {storage.ControlQueueBatchSize}: expected 1 to 32.");
        }

        if (storage.MaxQueuePollingInterval is { } polling && (polling < TimeSpan.FromMilliseconds(10) || polling > TimeSpan.FromMinutes(5)))
        {
            problems.Add($"{Prefix}storageProvider.maxQueuePollingInterval' is {polling}: expected 00:00:00.010 to 00:05:00.");
        }

        if (options.MaxConcurrentActivityFunctions is < 1 or > 10_000)
        {
            problems.Add($"{Prefix}maxConcurrentActivityFunctions' is {options.MaxConcurrentActivityFunctions}: expected 1 to 10000.");
        }

        if (options.MaxConcurrentOrchestratorFunctions is < 1 or > 10_000)
        {
            problems.Add($"{Prefix}maxConcurrentOrchestratorFunctions' is {options.MaxConcurrentOrchestratorFunctions}: expected 1 to 10000.");
        }

        // HostJsonSchema checks the keys of extensions.durableTask; the nested storageProvider keys are checked here.
        var known = typeof(StorageProviderOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToArray();
        var section = configuration.GetSection($"{FunctionHostOptions.SectionName}:extensions:durableTask:storageProvider");
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{Prefix}storageProvider.{child.Key}' is not a known setting. Known: {string.Join(", ", known.Select(k => char.ToLowerInvariant(k[0]) + k[1..]))}.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
