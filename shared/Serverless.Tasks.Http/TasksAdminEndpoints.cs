using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Host.Hosting;
using Serverless.Host.Http.Keys;
using Serverless.Worker;

namespace Serverless.Tasks.Http;

/// <summary>
/// The tasks admin API, master key only (like the host's other admin endpoints), JSON with <see cref="TaskJson.Options"/>:
/// <list type="bullet">
/// <item>GET /admin/tasks, GET /admin/tasks/{name}; POST /admin/tasks/{name}/runs (202 {id, statusQueryGetUri} + Location)</item>
/// <item>GET /admin/runs?task=&amp;status=Running,Failed&amp;from=&amp;to=&amp;top= (newest first), GET /admin/runs/{id}, POST /admin/runs/{id}/abort</item>
/// <item>GET /admin/schedules, GET /admin/schedules/{id}, POST /admin/schedules (201), PUT /admin/schedules/{id}/trigger,
/// POST /admin/schedules/{id}/pause | resume | run (run: 202 {id}), DELETE /admin/schedules/{id} (204)</item>
/// </list>
/// The catalog and clients come from the request's services: an app without tasks (no catalog, or an empty one) answers
/// 404 "no tasks in this app".
/// Errors are problem details: 400 for bad JSON (naming the JSON path), invalid parameters (each member, nothing
/// enqueued) or a bad trigger (naming the position); 404 for an unknown task, run or schedule; 409 for an existing schedule id.
/// </summary>
internal sealed partial class TasksAdminEndpoints(ILogger<TasksAdminEndpoints> logger) : IEndpointContributor
{
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var admin = endpoints.MapGroup("admin").RequireFunctionsKey(AuthorizationLevel.Admin);

        admin.MapGet("tasks", (Delegate)ListTasksAsync).WithDisplayName("Tasks admin list tasks");
        admin.MapGet("tasks/{name}", GetTaskAsync).WithDisplayName("Tasks admin get task");
        admin.MapPost("tasks/{name}/runs", EnqueueAsync).WithDisplayName("Tasks admin enqueue run");

        admin.MapGet("runs", (Delegate)ListRunsAsync).WithDisplayName("Tasks admin list runs");
        admin.MapGet("runs/{id}", GetRunAsync).WithDisplayName("Tasks admin get run");
        admin.MapPost("runs/{id}/abort", AbortAsync).WithDisplayName("Tasks admin abort run");

        admin.MapGet("schedules", (Delegate)ListSchedulesAsync).WithDisplayName("Tasks admin list schedules");
        admin.MapGet("schedules/{id}", GetScheduleAsync).WithDisplayName("Tasks admin get schedule");
        admin.MapPost("schedules", (Delegate)AddScheduleAsync).WithDisplayName("Tasks admin add schedule");
        admin.MapPut("schedules/{id}/trigger", RescheduleAsync).WithDisplayName("Tasks admin reschedule");
        admin.MapPost("schedules/{id}/pause", PauseAsync).WithDisplayName("Tasks admin pause schedule");
        admin.MapPost("schedules/{id}/resume", ResumeAsync).WithDisplayName("Tasks admin resume schedule");
        admin.MapPost("schedules/{id}/run", RunScheduleNowAsync).WithDisplayName("Tasks admin run schedule now");
        admin.MapDelete("schedules/{id}", RemoveScheduleAsync).WithDisplayName("Tasks admin remove schedule");
    }

    /// <summary>
    /// The app's task catalog; null when the app has no tasks: no catalog registered, or the empty one the tasks host
    /// extension registers in an app without tasks (whose task storage must then stay untouched).
    /// </summary>
    private static TaskCatalog? Catalog(HttpContext http) =>
        http.RequestServices.GetService<TaskCatalog>() is { Tasks.Count: > 0 } catalog ? catalog : null;

    private static ITaskClient Client(HttpContext http) =>
        http.RequestServices.GetService<ITaskClient>() ?? throw new InvalidOperationException(
            "The app has tasks but no task client is registered: the tasks runtime (services.AddServerlessTasksRuntime()) is missing.");

    /// <summary>The schedule client, or null when the scheduler is not registered (tasks then show no schedules).</summary>
    private static ITaskScheduleClient? ScheduleClientOrNull(HttpContext http) => http.RequestServices.GetService<ITaskScheduleClient>();

    private static ITaskScheduleClient ScheduleClient(HttpContext http) =>
        ScheduleClientOrNull(http) ?? throw new InvalidOperationException(
            "The app has tasks but no schedule client is registered: the task scheduler (services.AddServerlessTaskScheduler()) is missing.");

    private static IResult UnknownTask(TaskCatalog catalog, string name) =>
        TaskApiResults.NotFound(
            $"No task is named '{name}'. Known tasks: {string.Join(", ", catalog.Tasks.Select(t => t.Name))}.", "task", name);

    private static IResult UnknownRun(string id) => TaskApiResults.NotFound($"No run has the id '{id}'.", "runId", id);

    private static IResult UnknownSchedule(string id) => TaskApiResults.NotFound($"No schedule has the id '{id}'.", "scheduleId", id);
}
