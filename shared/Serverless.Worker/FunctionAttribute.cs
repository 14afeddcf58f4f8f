namespace Serverless.Worker;

/// <summary>Marks a method as a function, with the name it is known by (as in the isolated worker).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class FunctionAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
