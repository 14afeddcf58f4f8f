namespace Serverless.Tasks.Scheduling;

public sealed partial class TaskScheduleTicker
{
    private readonly Dictionary<string, TaskTrigger?> _triggers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedInvalid = new(StringComparer.Ordinal);

    /// <summary>
    /// The row's trigger, or null when its task is not registered on this host or its trigger cannot be read. Each
    /// problem is logged once per process, not at every tick.
    /// </summary>
    private TaskTrigger? Resolve(ScheduleRow row)
    {
        lock (_triggers)
        {
            if (!_catalog.TryGet(row.Task, out _))
            {
                ReportInvalid(row, $"its task '{row.Task}' is not registered on this host");
                return null;
            }

            if (!_triggers.TryGetValue(row.Trigger, out var trigger))
            {
                try
                {
                    trigger = TaskTrigger.Parse(row.Trigger);
                }
                catch (FormatException ex)
                {
                    ReportInvalid(row, $"its trigger '{row.Trigger}' cannot be read: {ex.Message}");
                    trigger = null;
                }

                _triggers[row.Trigger] = trigger;
            }

            return trigger;
        }
    }

    private void ReportInvalid(ScheduleRow row, string problem)
    {
        if (_reportedInvalid.Add(row.Id + "|" + problem))
        {
            Log.ScheduleInvalid(_logger, row.Id, problem);
        }
    }
}
