namespace Serverless.DurableTask;

/// <summary>The name (and optional version) of an orchestrator or activity; converts from and to a string.</summary>
public readonly record struct TaskName(string Name, string? Version = null)
{
    public static implicit operator TaskName(string name) => new(name);

    public static implicit operator string(TaskName name) => name.Name;

    public static TaskName FromString(string name) => new(name);

    /// <inheritdoc />
    public override string ToString() => string.IsNullOrEmpty(Version) ? Name : $"{Name}:{Version}";
}
