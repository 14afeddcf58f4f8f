namespace Serverless.Worker;

/// <summary>
/// Runs the function on a schedule: a 6-field NCRONTAB expression with seconds ("0 */5 * * * *"), a 5-field cron
/// expression, a TimeSpan ("00:00:30"), or a %Setting% name resolved from configuration.
/// </summary>
public sealed class TimerTriggerAttribute(string schedule) : TriggerBindingAttribute
{
    public string Schedule { get; } = schedule;

    /// <summary>Also run once when the host starts.</summary>
    public bool RunOnStartup { get; set; }

    /// <summary>
    /// Persist the schedule status in storage so a missed occurrence runs once after downtime (past due).
    /// Defaults to true, as in Azure Functions.
    /// </summary>
    public bool UseMonitor { get; set; } = true;
}
