namespace Serverless.DurableTask.Tests;

/// <summary>Throwing helpers with a result type, so throwing lambdas pick a single overload.</summary>
internal static class Throws
{
    public static T Exception<T>(Exception exception) => throw exception;
}
