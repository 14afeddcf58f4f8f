using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Tasks.Functions.Tests;

/// <summary>Job mode's registry: every CPU-bound task of the app under its job name, and registries the app passes.</summary>
public sealed class JobModeTests
{
    [Fact]
    public void CreateRegistry_App_HasEveryCpuBoundTaskAndNoOtherTask()
    {
        using var services = new ServiceCollection().BuildServiceProvider();

        var registry = TaskJobs.CreateRegistry(typeof(Program).Assembly, [], services);

        Assert.Contains("task:fx_square", registry.TaskNames);
        Assert.Contains("task:fx_spin", registry.TaskNames);
        Assert.DoesNotContain("task:fx_greet", registry.TaskNames);
    }

    [Fact]
    public void CreateRegistry_WithRegistries_AddsTheirCpuBoundTasks()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var extra = new TaskRegistry().Add("fx_extra_cpu", _ => Task.CompletedTask, o => o.CpuBound = new TaskResources(Cpus: 0.5));

        var registry = TaskJobs.CreateRegistry(typeof(Program).Assembly, [extra], services);

        Assert.Contains("task:fx_extra_cpu", registry.TaskNames);
    }

    [Fact]
    public void CreateRegistry_InvalidDeclarations_KeepsTheOtherJobsAndLeavesTheTasksOut()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var broken = new TaskRegistry().Add("fx_dangling", _ => Task.CompletedTask, o => o.RunAfter = "fx_missing");

        var registry = TaskJobs.CreateRegistry(typeof(Program).Assembly, [broken], services);

        Assert.DoesNotContain("task:fx_square", registry.TaskNames);
    }
}
