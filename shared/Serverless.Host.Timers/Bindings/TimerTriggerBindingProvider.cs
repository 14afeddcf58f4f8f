using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Serverless.Host.Bindings;
using Serverless.Host.Configuration;
using Serverless.Host.Indexing;
using Serverless.Host.Timers.Listener;
using Serverless.Host.Timers.Scheduling;
using Serverless.Worker;
using Serverless.Host.Hosting;

namespace Serverless.Host.Timers.Bindings;

/// <summary>
/// Binds [TimerTrigger] TimerInfo parameters. The schedule (after %Setting% resolution) is parsed here, so a bad one
/// stops the start with the function and the schedule named.
/// </summary>
internal sealed class TimerTriggerBindingProvider(IConfiguration configuration, IHostEnvironment environment, TimeProvider time) : ITriggerBindingProvider
{
    public ITriggerBinding? TryCreate(TriggerBindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attribute is not TimerTriggerAttribute attribute)
        {
            return null;
        }

        var name = context.Function.Name;
        if (context.Parameter.ParameterType != typeof(TimerInfo))
        {
            throw new FunctionIndexingException(
                $"function '{name}': [TimerTrigger] parameter '{context.Parameter.Name}' is {context.Parameter.ParameterType.Name}; it must be TimerInfo.");
        }

        var where = $"function '{name}' [TimerTrigger] schedule";
        var expression = SettingNames.Resolve(configuration, attribute.Schedule ?? string.Empty, where);
        TimeZoneInfo timeZone;
        string hostId;
        try
        {
            timeZone = TimerTimeZone.Resolve(configuration);
            hostId = HostIds.Resolve(configuration, environment.ApplicationName);
        }
        catch (InvalidOperationException ex)
        {
            throw new FunctionIndexingException($"function '{name}': {ex.Message}", ex);
        }

        TimerSchedule schedule;
        try
        {
            schedule = TimerScheduleParser.Parse(expression, timeZone);
        }
        catch (FormatException ex)
        {
            var shown = expression == attribute.Schedule ? $"'{expression}'" : $"'{attribute.Schedule}' (= '{expression}')";
            throw new FunctionIndexingException(
                $"function '{name}': the [TimerTrigger] schedule {shown} is invalid: {ex.Message}; {TimerScheduleParser.Expected}.", ex);
        }

        var settings = new TimerListenerSettings(
            name,
            "Functions." + name,
            TimerNames.FunctionFullName(name),
            schedule,
            UseMonitor: attribute.UseMonitor && !schedule.IsSubMinute(time.GetUtcNow().UtcDateTime),
            attribute.RunOnStartup);
        return new TimerTriggerBinding(settings, hostId, monitorRequested: attribute.UseMonitor);
    }
}
