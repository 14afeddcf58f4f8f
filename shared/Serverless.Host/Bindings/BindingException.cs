namespace Serverless.Host.Bindings;

/// <summary>A trigger value that cannot be converted to the parameter's type (malformed JSON, wrong shape). Never retried.</summary>
public sealed class BindingException : Exception
{
    public BindingException()
    {
    }

    public BindingException(string message)
        : base(message)
    {
    }

    public BindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
