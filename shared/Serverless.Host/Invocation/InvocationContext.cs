using Serverless.Host.Indexing;
using Serverless.Worker;

namespace Serverless.Host.Invocation;

/// <summary>The FunctionContext of one invocation.</summary>
internal sealed class InvocationContext(
    string invocationId,
    FunctionDescriptor function,
    IReadOnlyDictionary<string, object?> bindingData,
    IServiceProvider services,
    RetryContext? retryContext,
    CancellationToken cancellationToken) : FunctionContext
{
    public override string InvocationId { get; } = invocationId;

    public override string FunctionId => function.Id;

    public override FunctionDefinition FunctionDefinition => function;

    public override BindingContext BindingContext { get; } = new Data(bindingData);

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override CancellationToken CancellationToken { get; } = cancellationToken;

    public override RetryContext? RetryContext { get; } = retryContext;

    private sealed class Data(IReadOnlyDictionary<string, object?> bindingData) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = bindingData;
    }

    internal sealed class Retry(int retryCount, int maxRetryCount) : RetryContext
    {
        public override int RetryCount { get; } = retryCount;

        public override int MaxRetryCount { get; } = maxRetryCount;
    }
}
