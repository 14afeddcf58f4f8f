using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>The InvocationRequest of a non-HTTP trigger: the trigger value and metadata as the Functions host sends them.</summary>
internal static class TriggerInputs
{
    /// <summary>A request with a new invocation id, or <paramref name="invocationId"/> when the caller has one.</summary>
    public static InvocationRequest NewRequest(string? invocationId = null)
    {
        var current = Activity.Current;
        return new InvocationRequest
        {
            InvocationId = invocationId ?? Guid.NewGuid().ToString(),
            TraceContext = new RpcTraceContext
            {
                // The worker fails an invocation without a trace context; one is made when the host has no activity.
                TraceParent = current?.Id ?? $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00",
                TraceState = current?.TraceStateString ?? "",
            },
        };
    }

    public static void AddTrigger(InvocationRequest request, FunctionDescriptor function, object? value)
    {
        var name = function.Trigger.Name;
        switch (function.Kind)
        {
            case TriggerKind.Queue:
                AddQueue(request, name, (QueueMessage)value!);
                break;
            case TriggerKind.Timer:
                request.InputData.Add(new ParameterBinding { Name = name, Data = TypedDataConverter.Json(TimerJson((TimerInfo)value!)) });
                break;
            case TriggerKind.Orchestration or TriggerKind.Activity or TriggerKind.Entity:
                request.InputData.Add(new ParameterBinding { Name = name, Data = TypedDataConverter.String((string?)value ?? "") });
                break;
            default:
                throw new InvalidOperationException($"Function '{function.Name}': {function.Kind} is not a trigger of this kind.");
        }

        request.TriggerMetadata["sys"] = TypedDataConverter.Json(JsonSerializer.Serialize(new
        {
            MethodName = function.Name,
            UtcNow = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            RandGuid = Guid.NewGuid().ToString(),
        }));
    }

    private static void AddQueue(InvocationRequest request, string name, QueueMessage message)
    {
        var text = message.Body?.ToString() ?? "";
        request.InputData.Add(new ParameterBinding { Name = name, Data = TypedDataConverter.String(text) });
        var metadata = request.TriggerMetadata;
        metadata["QueueTrigger"] = TypedDataConverter.String(text);
        metadata["Id"] = TypedDataConverter.String(message.MessageId ?? "");
        metadata["PopReceipt"] = TypedDataConverter.String(message.PopReceipt ?? "");
        metadata["DequeueCount"] = TypedDataConverter.Json(message.DequeueCount.ToString(CultureInfo.InvariantCulture));
        metadata["InsertionTime"] = TypedDataConverter.Json(JsonSerializer.Serialize(message.InsertedOn));
        metadata["ExpirationTime"] = TypedDataConverter.Json(JsonSerializer.Serialize(message.ExpiresOn));
        metadata["NextVisibleTime"] = TypedDataConverter.Json(JsonSerializer.Serialize(message.NextVisibleOn));
    }

    /// <summary>The worker's TimerInfo JSON: {"Schedule":{"AdjustForDST":true},"ScheduleStatus":{...},"IsPastDue":false}.</summary>
    private static string TimerJson(TimerInfo timer) => JsonSerializer.Serialize(new
    {
        Schedule = new { AdjustForDST = true },
        ScheduleStatus = timer.ScheduleStatus is { } status ? new { status.Last, status.Next, status.LastUpdated } : null,
        timer.IsPastDue,
    });
}
