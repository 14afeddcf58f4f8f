namespace Serverless.FunctionsHost;

/// <summary>The host cannot start: the message names the file, function, binding, key or setting that is wrong.</summary>
public sealed class HostStartupException : Exception
{
    public HostStartupException(string message)
        : base(message)
    {
    }

    public HostStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HostStartupException()
    {
    }
}
