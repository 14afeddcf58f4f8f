using Microsoft.AspNetCore.Http;
using Serverless.Worker.Http;

namespace Serverless.Host.Http.Functions;

/// <summary>What the [HttpTrigger] parameter receives.</summary>
internal enum TriggerValueKind
{
    RequestData,
    AspNetRequest,
    String,
    Bytes,
    Stream,
    Json,
}

internal static class TriggerValueKinds
{
    /// <summary>The kind for a parameter type; null when the type cannot be bound.</summary>
    public static TriggerValueKind? Of(Type type)
    {
        if (type == typeof(HttpRequestData))
        {
            return TriggerValueKind.RequestData;
        }

        if (type == typeof(HttpRequest))
        {
            return TriggerValueKind.AspNetRequest;
        }

        if (type == typeof(string))
        {
            return TriggerValueKind.String;
        }

        if (type == typeof(byte[]))
        {
            return TriggerValueKind.Bytes;
        }

        if (type == typeof(Stream))
        {
            return TriggerValueKind.Stream;
        }

        return type.IsClass && !type.IsAbstract && !typeof(Delegate).IsAssignableFrom(type) ? TriggerValueKind.Json : null;
    }
}
