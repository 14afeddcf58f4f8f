namespace Serverless.Jobs;

/// <summary>The resolved jobs storage: what the launcher uses and hands on to job processes.</summary>
/// <param name="Connection">Connection string or blob service URI.</param>
/// <param name="Container">The jobs container name.</param>
/// <param name="ClientId">Managed identity client id for a blob service URI.</param>
/// <param name="CompletionQueue">The queue told of each run's end (a message with its job id); null: none.</param>
internal sealed record JobStorageSettings(string Connection, string Container, string? ClientId, string? CompletionQueue = null)
{
    /// <summary>The environment variables that point a job process at this storage.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToEnvironment()
    {
        yield return new(JobEnvironment.Storage, Connection);
        yield return new(JobEnvironment.Container, Container);
        if (!string.IsNullOrEmpty(CompletionQueue))
        {
            yield return new(JobEnvironment.CompletionQueue, CompletionQueue);
        }

        if (!string.IsNullOrEmpty(ClientId))
        {
            yield return new("AzureWebJobsStorage__clientId", ClientId);
        }
    }
}
