using Microsoft.Extensions.Options;

namespace Serverless.Host.Timers;

/// <summary>
/// The listener singleton lock of timer functions, with the key names of host.json "singleton" in Azure Functions
/// (listenerLockPeriod, listenerLockRecoveryPollingInterval). Bound from AzureFunctionsJobHost:singleton.
/// </summary>
public sealed class TimersOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "AzureFunctionsJobHost:singleton";

    /// <summary>Blob lease duration of the listener lock: 15 to 60 seconds (Azure Storage's lease limits). Renewed every third of it.</summary>
    public TimeSpan ListenerLockPeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a host that does not hold the lock tries to take it (takeover after the holder dies or stops).</summary>
    public TimeSpan ListenerLockRecoveryPollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal TimeSpan RenewalInterval => ListenerLockPeriod / 3;
}

/// <summary>Fails the start naming the key when a singleton setting is out of range.</summary>
internal sealed class TimersOptionsValidator : IValidateOptions<TimersOptions>
{
    public ValidateOptionsResult Validate(string? name, TimersOptions options)
    {
        var problems = new List<string>();
        if (options.ListenerLockPeriod < TimeSpan.FromSeconds(15) || options.ListenerLockPeriod > TimeSpan.FromSeconds(60))
        {
            problems.Add($"host.json 'singleton.listenerLockPeriod' is {options.ListenerLockPeriod}: a blob lease lasts 00:00:15 to 00:01:00.");
        }

        if (options.ListenerLockRecoveryPollingInterval < TimeSpan.FromMilliseconds(100))
        {
            problems.Add($"host.json 'singleton.listenerLockRecoveryPollingInterval' is {options.ListenerLockRecoveryPollingInterval}: expected at least 00:00:00.100.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
