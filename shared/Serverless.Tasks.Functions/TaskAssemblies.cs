using System.Reflection;
using Serverless.Host.Hosting;

namespace Serverless.Tasks.Functions;

/// <summary>
/// The app's assemblies that may declare tasks: those of the host's scan (<see cref="AppAssemblies"/>) that reference
/// the task model. The host and job mode use the same scan, so a task is declared once.
/// </summary>
internal static class TaskAssemblies
{
    public static IReadOnlyList<Assembly> Find(Assembly? application) => AppAssemblies.Referencing(typeof(TaskAttribute).Assembly, application);
}
