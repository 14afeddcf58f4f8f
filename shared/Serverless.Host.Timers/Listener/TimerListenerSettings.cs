using Serverless.Host.Timers.Scheduling;

namespace Serverless.Host.Timers.Listener;

/// <param name="FunctionName">The function's name.</param>
/// <param name="LogName">"Functions.{Name}", as the host names the function in logs.</param>
/// <param name="TimerName">"Host.Functions.{Name}": the name of the status and lock blobs.</param>
/// <param name="Schedule">The parsed schedule.</param>
/// <param name="UseMonitor">Whether the schedule status is kept in storage (off for sub-minute schedules, as in Functions).</param>
/// <param name="RunOnStartup">Run once when this host starts the schedule.</param>
internal sealed record TimerListenerSettings(string FunctionName, string LogName, string TimerName, TimerSchedule Schedule, bool UseMonitor, bool RunOnStartup);
