namespace Serverless.Tasks.Functions.Tests;

public sealed record Extracted(int Rows);

/// <summary>A deploy chain: two prerequisites that only finish once both have started (so they must run in parallel), then the root.</summary>
public static class DeployChain
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Task("fx_prep_a")]
    public static Task PrepA(TaskContext context) => PrepareAsync(context, "prep_a", "prep_b");

    [Task("fx_prep_b")]
    public static Task PrepB(TaskContext context) => PrepareAsync(context, "prep_b", "prep_a");

    [Task("fx_deploy", RunBefore = ["fx_prep_a", "fx_prep_b"])]
    public static string Deploy(TaskContext context)
    {
        TaskProbe.Of(context).Record("deploy", context.RunId);
        return "deployed";
    }

    private static async Task PrepareAsync(TaskContext context, string self, string other)
    {
        var probe = TaskProbe.Of(context);
        probe.Record(self + " started", context.RunId);
        probe.Signal(self).TrySetResult();
        await probe.Signal(other).Task.WaitAsync(Patience, context.CancellationToken);
        probe.Record(self + " done", context.RunId);
    }
}

/// <summary>An ETL chain: extract's result becomes transform's parameters.</summary>
public static class EtlChain
{
    [Task("fx_extract", RunAfter = "fx_transform")]
    public static Extracted Extract(TaskContext context)
    {
        TaskProbe.Of(context).Record("extract", context.RunId);
        return new Extracted(42);
    }

    [Task("fx_transform")]
    public static int Transform(TaskContext<Extracted> context)
    {
        TaskProbe.Of(context).Record("transform", context.Parameters.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return context.Parameters.Rows * 2;
    }
}

/// <summary>A chain whose middle step fails: its on-failure task runs, the last step never does.</summary>
public static class FailingChain
{
    [Task("fx_ingest", RunAfter = "fx_clean")]
    public static Extracted Ingest(TaskContext context) => new(7);

    [Task("fx_clean", RunAfter = "fx_publish", OnFailure = "fx_alert")]
    public static Extracted Clean(TaskContext<Extracted> context) =>
        throw new InvalidOperationException($"{context.Parameters.Rows} rows are not clean");

    [Task("fx_publish")]
    public static void Publish(TaskContext<Extracted> context) => TaskProbe.Of(context).Record("publish", context.RunId);

    [Task("fx_alert")]
    public static void Alert(TaskContext<TaskFailure> context) =>
        TaskProbe.Of(context).Record("alert", $"{context.Parameters.RunId}|{context.Parameters.Task}|{context.Parameters.Error.Message}");
}
