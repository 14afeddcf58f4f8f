namespace Serverless.Tasks.Http.Tests;

/// <summary>
/// Builds the runtime's (internal) TaskStorage by reflection: this test project has no InternalsVisibleTo from
/// Serverless.Tasks.Runtime. TaskStorage.FromConnectionString(connectionString, prefix).
/// </summary>
internal static class TaskStorageFactory
{
    public static Type Type { get; } = System.Reflection.Assembly.Load("Serverless.Tasks.Runtime").GetType("Serverless.Tasks.Runtime.TaskStorage", throwOnError: true)!;

    public static object Create(string connectionString, string prefix) =>
        Type.GetMethod("FromConnectionString")!.Invoke(null, [connectionString, prefix])!;
}
