using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Jobs.ContainerApps;
using Serverless.Jobs.Local;

namespace Serverless.Jobs.Tests;

public sealed class JobsRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddServerlessJobs();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddServerlessJobs_NoLauncherSetting_UsesLocalLauncherAndAzureWebJobsStorage()
    {
        using var provider = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.IsType<LocalProcessJobLauncher>(provider.GetRequiredService<IJobLauncher>());
        Assert.Equal("UseDevelopmentStorage=true", provider.GetRequiredService<IOptions<JobsOptions>>().Value.Storage);
        Assert.Equal(JobEnvironment.DefaultContainer, provider.GetRequiredService<JobStore>().Container.Name);
    }

    [Fact]
    public void AddServerlessJobs_ContainerAppsConfigured_UsesContainerAppsLauncher()
    {
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://stjobs.blob.core.windows.net",
            ["AzureWebJobsStorage:clientId"] = "11111111-2222-3333-4444-555555555555",
            ["Serverless:Jobs:Launcher"] = "ContainerApps",
            ["Serverless:Jobs:ContainerApps:SubscriptionId"] = "6f1b0c5e-0000-4000-8000-000000000001",
            ["Serverless:Jobs:ContainerApps:ResourceGroup"] = "rg",
            ["Serverless:Jobs:ContainerApps:JobName"] = "cpu-job",
            ["Serverless:Jobs:ContainerApps:Image"] = "cr.azurecr.io/app:1",
        });

        Assert.IsType<ContainerAppsJobLauncher>(provider.GetRequiredService<IJobLauncher>());
        Assert.Equal("11111111-2222-3333-4444-555555555555", provider.GetRequiredService<IOptions<JobsOptions>>().Value.ClientId);
    }

    [Fact]
    public void AddServerlessJobs_ContainerAppsMissingSettings_FailsNamingTheKeys()
    {
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Serverless:Jobs:Launcher"] = "ContainerApps",
            ["Serverless:Jobs:ContainerApps:ResourceGroup"] = "rg",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JobsOptions>>().Value);

        Assert.Contains("Serverless:Jobs:ContainerApps:SubscriptionId is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Serverless:Jobs:ContainerApps:JobName", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ContainerApps:ResourceGroup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddServerlessJobs_NoStorage_FailsNamingTheSetting()
    {
        using var provider = Build(new() { ["Serverless:Jobs:Local:MaxCpus"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JobsOptions>>().Value);

        Assert.Contains("Serverless:Jobs:Storage", error.Message, StringComparison.Ordinal);
        Assert.Contains("Serverless:Jobs:Local:MaxCpus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddServerlessJobs_ExecutableMissing_FailsNamingTheSetting()
    {
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Serverless:Jobs:Local:Executable"] = "/nowhere/app.dll",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JobsOptions>>().Value);

        Assert.Contains("Serverless:Jobs:Local:Executable is '/nowhere/app.dll'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddServerlessJobs_BadWaiterSettings_FailNamingEachKey()
    {
        using var provider = Build(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Serverless:Jobs:CheckInterval"] = "00:00:00",
            ["Serverless:Jobs:ChecksPerGeneration"] = "0",
            ["Serverless:Jobs:CompletionQueue"] = "Job_Completions",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JobsOptions>>().Value);

        Assert.Contains("Serverless:Jobs:CheckInterval is '00:00:00', expected a positive time span.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Serverless:Jobs:ChecksPerGeneration is '0', expected 1 or more.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Serverless:Jobs:CompletionQueue is 'Job_Completions', expected a queue name", error.Message, StringComparison.Ordinal);
    }
}
