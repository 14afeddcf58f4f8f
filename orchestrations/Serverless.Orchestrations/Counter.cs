using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace Serverless.Orchestrations;

/// <summary>
/// A durable entity (class-based): a counter whose state is an int. Operations are its public methods (add, reset,
/// get; names are case-insensitive). Signals to one entity are processed one at a time, in order.
/// </summary>
public sealed class Counter : TaskEntity<int>
{
    public void Add(int amount) => State += amount;

    public void Reset() => State = 0;

    public int Get() => State;

    [Function(nameof(Counter))]
    public static Task RunEntityAsync([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<Counter>();

    /// <summary>POST api/counters/{key}/add with a JSON number: signals the counter (fire and forget) and answers 202.</summary>
    [Function("counter_add")]
    public static async Task<HttpResponseData> HttpAdd(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "counters/{key}/add")] HttpRequestData req,
        string key,
        [DurableClient] DurableTaskClient client)
    {
        var (amount, badRequest) = await StartInput.ReadAsync<int>(req);
        if (badRequest is not null)
        {
            return badRequest;
        }

        await client.Entities.SignalEntityAsync(new EntityInstanceId(nameof(Counter), key), "add", amount);
        return req.CreateResponse(HttpStatusCode.Accepted);
    }

    /// <summary>GET api/counters/{key}: the counter's value, 404 when it was never signalled.</summary>
    [Function("counter_get")]
    public static async Task<HttpResponseData> HttpGet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "counters/{key}")] HttpRequestData req,
        string key,
        [DurableClient] DurableTaskClient client)
    {
        EntityMetadata<int>? entity = await client.Entities.GetEntityAsync<int>(new EntityInstanceId(nameof(Counter), key));
        if (entity is null)
        {
            return req.CreateResponse(HttpStatusCode.NotFound);
        }

        var response = req.CreateResponse(HttpStatusCode.OK);
        await response.WriteAsJsonAsync(new { key, value = entity.State });
        return response;
    }
}
