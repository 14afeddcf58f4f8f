using Microsoft.DurableTask.Entities;

namespace Serverless.Orchestrations.Tests;

/// <summary>One entity operation as the Durable runtime hands it to an ITaskEntity: a name, an input and the stored state.</summary>
internal sealed class FakeEntityOperation(string name, object? input, FakeEntityState state) : TaskEntityOperation
{
    public override string Name => name;

    public override TaskEntityContext Context { get; } = new FakeEntityContext(new EntityInstanceId(nameof(Counter), "test"));

    public override TaskEntityState State => state;

    public override bool HasInput => input is not null;

    public override object? GetInput(Type inputType) => input is null ? null : Convert.ChangeType(input, inputType, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An entity's stored state between operations.</summary>
internal sealed class FakeEntityState : TaskEntityState
{
    private object? value;

    public override bool HasState => value is not null;

    public override object? GetState(Type type) => value;

    public override void SetState(object? state) => value = state;
}

/// <summary>The entity's identity; the counter signals no other entity and starts no orchestration.</summary>
internal sealed class FakeEntityContext(EntityInstanceId id) : TaskEntityContext
{
    public override EntityInstanceId Id => id;

    public override void SignalEntity(EntityInstanceId id, string operationName, object? input = null, SignalEntityOptions? options = null) =>
        throw new NotSupportedException();

    public override string ScheduleNewOrchestration(Microsoft.DurableTask.TaskName name, object? input = null, Microsoft.DurableTask.StartOrchestrationOptions? options = null) =>
        throw new NotSupportedException();
}
