using Serverless.DurableTask.Engine.Storage;

namespace Serverless.DurableTask.Engine.Replay;

/// <summary>What one episode produced: new history and outbound messages.</summary>
internal sealed class EpisodeResult
{
    public List<HistoryEvent> NewEvents { get; } = [];

    public List<TaskMessage> ActivityMessages { get; } = [];

    public List<TaskMessage> OrchestratorMessages { get; } = [];

    public List<TaskMessage> TimerMessages { get; } = [];

    /// <summary>Raised events not consumed by an execution that continued as new with preserveUnprocessedEvents.</summary>
    public List<EventRaisedEvent> CarriedOverEvents { get; } = [];
}
