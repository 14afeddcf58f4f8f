using Microsoft.Extensions.Logging;
using Serverless.Tasks;

namespace Serverless.Functions.Tasks;

/// <summary>
/// easyjobs' run_before idiom: configure_environment needs deploy_environment and prepare_db, which run in parallel
/// first. Enqueue configure_environment (POST /admin/tasks/configure_environment/runs) and the chain runs all three.
/// </summary>
public static class DeployTasks
{
    [Task("deploy_environment", MaxRetries = 1)]
    public static async Task<string> Deploy(TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await Task.Delay(TimeSpan.FromSeconds(1), context.CancellationToken).ConfigureAwait(false);
        return "deployed";
    }

    [Task("prepare_db", MaxRetries = 1)]
    public static async Task<string> PrepareDb(TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await Task.Delay(TimeSpan.FromSeconds(1), context.CancellationToken).ConfigureAwait(false);
        return "db ready";
    }

    [Task("configure_environment", RunBefore = ["deploy_environment", "prepare_db"])]
    public static Task<string> Configure(TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Logger.LogInformation("configure_environment runs after its prerequisites");
        return Task.FromResult("configured");
    }
}
