using Serverless.Worker;

namespace Serverless.DurableTask.Functions.Bindings;

/// <summary>The FunctionContext an orchestrator function gets when it asks for one: its scope's services, no cancellation.</summary>
internal sealed class OrchestratorFunctionContext(FunctionDefinition definition, IServiceProvider services) : FunctionContext
{
    private static readonly EmptyBindingContext Empty = new();

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => definition.Id;

    public override FunctionDefinition FunctionDefinition => definition;

    public override BindingContext BindingContext => Empty;

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override CancellationToken CancellationToken => CancellationToken.None;

    public override Worker.RetryContext? RetryContext => null;

    private sealed class EmptyBindingContext : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = new Dictionary<string, object?>();
    }
}
