using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Host.Bindings;
using Serverless.Host.Listeners;
using Serverless.Host.Queues.Pump;

namespace Serverless.Host.Queues.Trigger;

/// <summary>The queue trigger of one function: its queue (resolved and validated at start) and its message binder.</summary>
internal sealed class QueueTriggerBinding(string queueName, string? connection, QueueMessageBinder binder) : ITriggerBinding
{
    public string QueueName { get; } = queueName;

    public string TriggerType => "queueTrigger";

    public IReadOnlyDictionary<string, Type> BindingDataContract => QueueMessageBinder.Contract;

    public string Describe(HostEndpoint endpoint) => TriggerType;

    public IListener? CreateListener(ListenerContext context)
    {
        var services = context.Services;
        var options = services.GetRequiredService<IOptions<QueuesOptions>>().Value;
        var tuning = services.GetRequiredService<QueuePumpTuning>();
        var clients = services.GetRequiredService<QueueClientProvider>();
        var queue = new StorageMessageQueue(clients.GetQueue(connection, QueueName), clients.GetQueue(connection, QueueNames.Poison(QueueName)));
        var settings = new QueuePumpSettings(options.BatchSize, options.EffectiveNewBatchThreshold, options.MaxPollingInterval,
            options.VisibilityTimeout, options.MaxDequeueCount, tuning.FetchVisibilityTimeout);
        return new QueueListener(context, queue, settings, binder, options.Encoding,
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("Host.Triggers.Queues"));
    }
}

/// <summary>Internal knobs that are not host.json keys; tests replace the singleton to shorten them.</summary>
internal sealed class QueuePumpTuning
{
    /// <summary>How long a fetched message stays invisible before a renewal; the Functions queue listener uses 10 minutes.</summary>
    public TimeSpan FetchVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
