using System.Threading.Channels;
using Grpc.Core;
using Serverless.FunctionsHost.Rpc;

namespace Serverless.FunctionsHost.Worker;

/// <summary>
/// The FunctionRpc gRPC service a worker dials. Each EventStream belongs to the worker whose StartStream names it;
/// messages to the worker go through one writer loop (a gRPC stream takes one write at a time).
/// </summary>
internal sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellationToken).ConfigureAwait(false) ||
            requestStream.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            return;
        }

        var connection = new WorkerConnection();
        if (!channel.TryAttach(requestStream.Current.StartStream.WorkerId, connection))
        {
            return;
        }

        var writer = WriteLoopAsync(connection, responseStream, cancellationToken);
        try
        {
            while (await requestStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                channel.OnMessage(connection, requestStream.Current);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            // The worker went away; the channel learns it below.
        }
        finally
        {
            connection.Close();
            channel.OnDisconnected(connection);
            await writer.ConfigureAwait(false);
        }
    }

    private static async Task WriteLoopAsync(WorkerConnection connection, IServerStreamWriter<StreamingMessage> stream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in connection.Outbound.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException or Grpc.Core.RpcException)
        {
            connection.Close();
        }
    }
}

/// <summary>The host's end of one worker's stream: what to send it.</summary>
internal sealed class WorkerConnection
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<StreamingMessage> Outbound => _outbound.Reader;

    /// <summary>Queues a message; false when the stream has closed.</summary>
    public bool Send(StreamingMessage message) => _outbound.Writer.TryWrite(message);

    public void Close() => _outbound.Writer.TryComplete();
}
