namespace Serverless.Tasks.Functions;

/// <summary>The lifecycle tasks' setup (on every host, before its worker takes runs) and cleanup (after the worker stopped).</summary>
internal sealed partial class TasksHost
{
    private Task StartLifecyclesAsync(TaskCatalog catalog, CancellationToken cancellationToken) =>
        catalog.Lifecycles.StartAsync(services, cancellationToken);

    private static Task StopLifecyclesAsync(TaskCatalog catalog, CancellationToken cancellationToken) =>
        catalog.Lifecycles.StopAsync(cancellationToken);
}
