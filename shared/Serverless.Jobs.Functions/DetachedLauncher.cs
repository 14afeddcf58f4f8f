namespace Serverless.Jobs.Functions;

/// <summary>
/// The launcher CPU-bound activities use, created outside the container's ownership (see
/// <see cref="JobLauncherFactory.CreateDetached"/>): a host that stops leaves its jobs running, and the host that takes
/// the redelivered activity resumes waiting for them through the store.
/// </summary>
internal sealed class DetachedLauncher(IServiceProvider services)
{
    private readonly Lazy<IJobLauncher> _launcher = new(() => JobLauncherFactory.CreateDetached(services));

    public IJobLauncher Launcher => _launcher.Value;
}
