using Azure;

namespace Serverless.Tasks.Runtime;

/// <summary>A run record as read: the run, the queue message that claimed it, whether it is held, and its ETag.</summary>
internal sealed record StoredRun(TaskRun Run, string? MessageId, bool Held, ETag ETag);
