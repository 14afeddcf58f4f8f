namespace Serverless.FunctionsHost;

/// <summary>A function the host runs, as the start banner lists it.</summary>
public sealed record HostFunction(string Name, string TriggerType, IReadOnlyList<string> Methods, Uri? Url)
{
    /// <summary>The banner line func start prints: <c>Name: [GET,POST] http://localhost:7071/api/name</c> or <c>Name: queueTrigger</c>.</summary>
    public override string ToString() =>
        Url is null ? $"{Name}: {TriggerType}" : $"{Name}: [{(Methods.Count == 0 ? "GET,POST,PUT,DELETE,HEAD,PATCH,OPTIONS" : string.Join(',', Methods))}] {Url}";
}
