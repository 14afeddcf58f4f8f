using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Host.Bindings;
using Serverless.Host.Listeners;
using Serverless.Host.Timers.Listener;
using Serverless.Host.Timers.Storage;

namespace Serverless.Host.Timers.Bindings;

/// <summary>A timer function's trigger: shown as "timerTrigger"; listens with a <see cref="TimerListener"/>.</summary>
internal sealed class TimerTriggerBinding(TimerListenerSettings settings, string hostId, bool monitorRequested) : ITriggerBinding
{
    public string TriggerType => "timerTrigger";

    public IReadOnlyDictionary<string, Type> BindingDataContract { get; } = new Dictionary<string, Type>();

    internal TimerListenerSettings Settings => settings;

    internal string HostId => hostId;

    public string Describe(HostEndpoint endpoint) => TriggerType;

    public IListener? CreateListener(ListenerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.Services;
        var storage = services.GetRequiredService<TimerStorage>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(Log.Category);
        if (monitorRequested && !settings.UseMonitor)
        {
            Log.MonitorOff(logger, settings.LogName, settings.Schedule.Description);
        }

        return new TimerListener(
            settings,
            context.Function,
            context.Executor,
            settings.UseMonitor ? storage.CreateMonitor(hostId) : null,
            storage.CreateLock(hostId, settings.TimerName),
            services.GetRequiredService<IOptions<TimersOptions>>().Value,
            services.GetRequiredService<TimeProvider>(),
            logger);
    }
}
