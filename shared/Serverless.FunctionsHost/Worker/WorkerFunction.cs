using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.Worker;

/// <summary>A function as the worker indexed it: its metadata, as the FunctionLoadRequest sends it back.</summary>
internal sealed record WorkerFunction(string Name, RpcFunctionMetadata Metadata);
