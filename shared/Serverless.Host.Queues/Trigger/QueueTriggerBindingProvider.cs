using Microsoft.Extensions.Configuration;
using Serverless.Host.Bindings;
using Serverless.Host.Configuration;
using Serverless.Host.Indexing;
using Serverless.Host.Storage;
using Serverless.Worker;

namespace Serverless.Host.Queues.Trigger;

/// <summary>[QueueTrigger]: resolves %Setting% in the queue name and checks the name and the connection at start.</summary>
internal sealed class QueueTriggerBindingProvider(IConfiguration configuration, StorageConnections connections) : ITriggerBindingProvider
{
    public ITriggerBinding? TryCreate(TriggerBindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attribute is not QueueTriggerAttribute attribute)
        {
            return null;
        }

        var where = $"[QueueTrigger] on parameter '{context.Parameter.Name}'";
        var queueName = QueueBindingNames.Resolve(configuration, connections, attribute.QueueName, attribute.Connection, where, trigger: true);
        return new QueueTriggerBinding(queueName, attribute.Connection, new QueueMessageBinder(context.Parameter.ParameterType, queueName));
    }
}

/// <summary>Start-time checks shared by the trigger and the output binding.</summary>
internal static class QueueBindingNames
{
    public static string Resolve(IConfiguration configuration, StorageConnections connections, string? declared, string? connection, string where, bool trigger)
    {
        if (string.IsNullOrWhiteSpace(declared))
        {
            throw new FunctionIndexingException($"{where}: the queue name is missing.");
        }

        var queueName = SettingNames.Resolve(configuration, declared, where);
        var problem = trigger ? QueueNames.TriggerProblem(queueName) : QueueNames.Problem(queueName);
        if (problem is not null)
        {
            var from = queueName == declared ? string.Empty : $" (from '{declared}')";
            throw new FunctionIndexingException($"{where}: {problem}{from}");
        }

        try
        {
            connections.EnsureConfigured(connection);
        }
        catch (InvalidOperationException ex)
        {
            throw new FunctionIndexingException($"{where}: {ex.Message}", ex);
        }

        return queueName;
    }
}
