namespace Serverless.Host.Indexing;

/// <summary>One or more functions are declared wrong. The message lists each method and its problem; the host does not start.</summary>
public sealed class FunctionIndexingException : Exception
{
    public FunctionIndexingException()
    {
    }

    public FunctionIndexingException(string message)
        : base(message)
    {
    }

    public FunctionIndexingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FunctionIndexingException(IReadOnlyList<string> problems)
        : base("The function host cannot start: " + problems.Count + " function declaration error(s):" + Environment.NewLine +
               string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; } = [];
}
