using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Engine;
using Serverless.Host.Testing;
using Serverless.Testing;

namespace Serverless.Jobs.Functions.Tests;

/// <summary>What the jobs extension registers in a host: activities per task and the launcher chosen by settings.</summary>
public sealed class JobsExtensionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Build_AppWithCpuBoundTasks_RegistersAnActivityPerTaskAndTheLocalLauncher()
    {
        await using var host = TestFunctionHost.Build(azurite.ConnectionString, JobsHosts.Functions, JobsHosts.Settings(), hostJson: JobsHosts.HubJson());

        var registry = host.Services.GetRequiredService<DurableTaskRegistry>();
        Assert.Contains("square_job", registry.ActivityNames, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("ranks_job", registry.ActivityNames, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("LocalProcessJobLauncher", host.Services.GetRequiredService<DetachedLauncher>().Launcher.GetType().Name);
    }

    [Fact]
    public async Task Build_LauncherSettingContainerApps_UsesTheContainerAppsLauncher()
    {
        var settings = JobsHosts.Settings();
        settings["Serverless:Jobs:Launcher"] = "ContainerApps";
        settings["Serverless:Jobs:ContainerApps:SubscriptionId"] = "00000000-0000-0000-0000-000000000001";
        settings["Serverless:Jobs:ContainerApps:ResourceGroup"] = "rg";
        settings["Serverless:Jobs:ContainerApps:JobName"] = "cpu-job";
        settings["Serverless:Jobs:ContainerApps:Image"] = "registry.example/app:1";
        await using var host = TestFunctionHost.Build(azurite.ConnectionString, JobsHosts.Functions, settings, hostJson: JobsHosts.HubJson());

        Assert.Equal(JobLauncherKind.ContainerApps, host.Services.GetRequiredService<IOptions<JobsOptions>>().Value.Launcher);
        Assert.Equal("ContainerAppsJobLauncher", host.Services.GetRequiredService<DetachedLauncher>().Launcher.GetType().Name);
    }

    [Fact]
    public async Task Start_ContainerAppsWithoutJobName_FailsNamingTheSetting()
    {
        var settings = JobsHosts.Settings();
        settings["Serverless:Jobs:Launcher"] = "ContainerApps";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => JobsHosts.StartAsync(azurite, settings));

        Assert.Contains("Serverless:Jobs:ContainerApps:JobName", error.ToString(), StringComparison.Ordinal);
    }
}
