using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Tasks.Tests;

public sealed record Order([Required] string Id, [Range(1, 100)] int Quantity = 1);

public sealed record Shipment(string OrderId, int Parcels);

/// <summary>A service instance task methods get from the host's services.</summary>
public sealed class Recorder : IDisposable
{
    public List<string> Calls { get; } = [];

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}

internal static class TaskRunner
{
    public static Task<JsonElement?> RunAsync(this TaskDefinition task, string? parametersJson = null, IServiceProvider? services = null,
        CancellationToken cancellationToken = default) =>
        task.InvokeAsync(new TaskRunInfo("run-1", task.Name, 1, task.Priority, null, null),
            parametersJson is null ? null : JsonDocument.Parse(parametersJson).RootElement.Clone(),
            services ?? new ServiceCollection().BuildServiceProvider(), null, NullLogger.Instance, cancellationToken);

    public static TaskDeclarationException Problems(this TaskRegistry registry) => Assert.Throws<TaskDeclarationException>(registry.Build);
}
