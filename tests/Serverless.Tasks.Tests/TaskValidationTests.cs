namespace Serverless.Tasks.Tests;

public sealed class TaskValidationTests
{
    public sealed class BadOptions
    {
        [Task("bad options!", Namespace = "no_underscores", Priority = 7, MisfireGraceTime = "soon", MaxInstances = -1, MaxConcurrency = -2,
            MaxRetries = -3, RetryDelay = "00:00:00", MaxRetryDelay = "1 minute", Timeout = "-00:00:01", MemoryGiB = 0)]
        public static void Bad()
        {
        }

        [Task("triggers", Cron = "0 9 * * *", Every = "00:00:10")]
        public static void TwoTriggers()
        {
        }

        [Task("zone", Every = "00:00:10", TimeZone = "Europe/Berlin", StartAt = "tomorrow")]
        public static void ZoneWithoutCron()
        {
        }

        [Task("badcron", Cron = "0 9 * *", TimeZone = "Mars/Olympus")]
        public static void BadCron()
        {
        }

        [Task("badexpr", Trigger = "every(00:00:10) xor at(2026-01-01T00:00:00Z)")]
        public static void BadExpression()
        {
        }

        [Task("endbeforestart", Every = "00:00:10", StartAt = "2026-01-02T00:00:00Z", EndAt = "2026-01-01T00:00:00Z")]
        public static void EndBeforeStart()
        {
        }

        [Task("resources", CpuBound = true, Cpus = 0, Ranks = 2, Nodes = 3)]
        public static void Resources()
        {
        }

        [Task("loose", Cpus = 4)]
        public static void CpusWithoutCpuBound()
        {
        }

        [Task("signature")]
        public static void Signature(TaskContext context, string extra)
        {
        }

        [Task("json", DefaultParameters = "{nope")]
        public static void Json(TaskContext<Order> context)
        {
        }

        [Task("defaults", DefaultParameters = """{"id":"a","quantity":500}""")]
        public static void Defaults(TaskContext<Order> context)
        {
        }

        [Task("scheduled-needs-defaults", Every = "00:01:00")]
        public static void ScheduledWithoutDefaults(TaskContext<Order> context)
        {
        }
    }

    public sealed class InstanceCpuBound
    {
        [Task("instance-cpu", CpuBound = true)]
        public void Run(TaskContext context)
        {
        }
    }

    public static class Cycle
    {
        [Task("a", RunBefore = ["b"])]
        public static void A(TaskContext context)
        {
        }

        [Task("b", RunAfter = "c")]
        public static void B(TaskContext context)
        {
        }

        [Task("c", RunBefore = ["x", "a"], OnFailure = "nobody")]
        public static void C(TaskContext context)
        {
        }

        [Task("self", RunAfter = "self")]
        public static void Self(TaskContext context)
        {
        }
    }

    private static IReadOnlyList<string> ProblemsOf(Type type) => new TaskRegistry().AddTasksFrom(type).Problems().Problems;

    [Theory]
    [InlineData("Task 'bad options!'", "Name must be 1-100 letters")]
    [InlineData("Task 'bad options!'", "Namespace 'no_underscores' must be")]
    [InlineData("Task 'bad options!'", "Priority 7 must be 0 (Low) to 3 (Critical)")]
    [InlineData("Task 'bad options!'", "MisfireGraceTime 'soon' is not a time span")]
    [InlineData("Task 'bad options!'", "MaxInstances -1 must be 0")]
    [InlineData("Task 'bad options!'", "MaxConcurrency -2 must be 0")]
    [InlineData("Task 'bad options!'", "MaxRetries -3 must be 0")]
    [InlineData("Task 'bad options!'", "RetryDelay '00:00:00' must be more than zero")]
    [InlineData("Task 'bad options!'", "MaxRetryDelay '1 minute' is not a time span")]
    [InlineData("Task 'bad options!'", "Timeout '-00:00:01' must be more than zero")]
    [InlineData("Task 'bad options!'", "MemoryGiB 0 must be more than zero")]
    [InlineData("Task 'triggers'", "only one of Cron, Every, At and Trigger may be set (found Cron, Every)")]
    [InlineData("Task 'zone'", "TimeZone applies to Cron only")]
    [InlineData("Task 'zone'", "StartAt 'tomorrow' is not an ISO 8601 date")]
    [InlineData("Task 'badcron'", "TimeZone is not valid: Unknown time zone 'Mars/Olympus'")]
    [InlineData("Task 'badcron'", "Cron is not valid: Cron expression '0 9 * *' has 4 fields")]
    [InlineData("Task 'badexpr'", "Trigger is not valid: Trigger expression 'every(00:00:10) xor")]
    [InlineData("Task 'endbeforestart'", "Every is not valid: The end of every(...) is before its start")]
    [InlineData("Task 'resources'", "Cpus 0 must be more than zero")]
    [InlineData("Task 'resources'", "Nodes 3 must be 1 to Ranks (2)")]
    [InlineData("Task 'loose'", "Cpus applies to CpuBound only")]
    [InlineData("Task 'signature'", "parameter 'extra' of type String is not supported")]
    [InlineData("Task 'json'", "DefaultParameters is not valid JSON")]
    [InlineData("Task 'defaults'", "DefaultParameters are not valid for Order: quantity: The field Quantity must be between 1 and 100.")]
    [InlineData("Task 'scheduled-needs-defaults'", "has a trigger but no DefaultParameters, and '{}' is not valid for Order: id:")]
    public void Build_BadOption_ProblemNamesTaskAndOption(string task, string problem)
    {
        var problems = ProblemsOf(typeof(BadOptions));

        Assert.Contains(problems, p => p.StartsWith(task, StringComparison.Ordinal) && p.Contains(problem, StringComparison.Ordinal)
            && p.Contains(typeof(BadOptions).FullName!, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ManyProblems_AllReportedAtOnce()
    {
        var e = new TaskRegistry().AddTasksFrom(typeof(BadOptions)).Problems();

        Assert.True(e.Problems.Count >= 25, string.Join(Environment.NewLine, e.Problems));
        Assert.Contains("Priority 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CpuBoundInstanceMethod_Problem() =>
        Assert.Contains(ProblemsOf(typeof(InstanceCpuBound)), p => p.Contains("'instance-cpu'", StringComparison.Ordinal)
            && p.Contains("CpuBound needs a static method", StringComparison.Ordinal));

    [Fact]
    public void Build_Cycles_PrintedOnceEach()
    {
        var problems = ProblemsOf(typeof(Cycle));

        Assert.Contains("Tasks depend on each other in a cycle (RunBefore / RunAfter): a -> b -> c -> a.", problems);
        Assert.Contains("Tasks depend on each other in a cycle (RunBefore / RunAfter): self -> self.", problems);
        Assert.Equal(2, problems.Count(p => p.Contains("cycle", StringComparison.Ordinal)));
    }

    [Fact]
    public void Build_UnknownReferences_Named()
    {
        var problems = ProblemsOf(typeof(Cycle));

        Assert.Contains(problems, p => p.StartsWith("Task 'c'", StringComparison.Ordinal) && p.EndsWith("RunBefore 'x' is not a task.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Task 'c'", StringComparison.Ordinal) && p.EndsWith("OnFailure 'nobody' is not a task.", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_OnFailureIsNotADependency_NoCycle()
    {
        var catalog = new TaskRegistry()
            .Add("work", _ => Task.CompletedTask, o => o.OnFailure = "handler")
            .Add("handler", _ => Task.CompletedTask, o => o.RunBefore.Add("work"))
            .Build();

        Assert.Equal(2, catalog.Tasks.Count);
    }

    [Fact]
    public void Build_OnFailureHandlerTakesOtherType_Problem()
    {
        var e = new TaskRegistry()
            .Add("work", _ => Task.CompletedTask, o => o.OnFailure = "handler")
            .Add<Order>("handler", _ => Task.CompletedTask)
            .Problems();

        Assert.Contains("OnFailure 'handler' takes Serverless.Tasks.Tests.Order, but a failure handler receives TaskFailure", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RunAfterTypeMismatch_NamesBothTypes()
    {
        var e = new TaskRegistry()
            .Add<Order, int>("count", c => Task.FromResult(c.Parameters.Quantity), o => o.RunAfter = "ship")
            .Add<Order>("ship", _ => Task.CompletedTask)
            .Problems();

        var problem = Assert.Single(e.Problems);
        Assert.Contains("RunAfter 'ship' takes Serverless.Tasks.Tests.Order but 'count' returns System.Int32", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RunAfterCompatibleTypes_Accepted()
    {
        var catalog = new TaskRegistry()
            .Add<Order, Shipment>("plan", c => Task.FromResult(new Shipment(c.Parameters.Id, 1)), o => o.RunAfter = "ship")
            .Add<Shipment, int>("ship", c => Task.FromResult(c.Parameters.Parcels), o => o.RunAfter = "log")
            .Add("log", _ => Task.CompletedTask)
            .Add<Order, int>("any", c => Task.FromResult(1), o => o.RunAfter = "json")
            .Add<System.Text.Json.JsonElement>("json", _ => Task.CompletedTask)
            .Build();

        Assert.Equal(5, catalog.Tasks.Count);
    }

    [Fact]
    public void Build_OptionsDefaultParameters_SerializedAndValidated()
    {
        var task = new TaskRegistry().Add<Order>("o", _ => Task.CompletedTask, o => o.DefaultParameters = new Order("d-1", 3)).Build().Get("o");
        Assert.Equal("""{"id":"d-1","quantity":3}""", task.DefaultParameters);

        var e = new TaskRegistry().Add<Order>("o", _ => Task.CompletedTask, o => o.DefaultParameters = new { quantity = 0 }).Problems();
        Assert.Contains("DefaultParameters are not valid for Order", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RunBeforeListedTwice_Problem()
    {
        var e = new TaskRegistry()
            .Add("deploy", _ => Task.CompletedTask, o =>
            {
                o.RunBefore.Add("build");
                o.RunBefore.Add("Build");
            })
            .Add("build", _ => Task.CompletedTask)
            .Problems();

        Assert.Contains("RunBefore lists 'build' 2 times", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PrerequisiteWithoutValidDefaults_Problem()
    {
        var e = new TaskRegistry()
            .Add("deploy", _ => Task.CompletedTask, o => o.RunBefore.Add("build"))
            .Add<Order>("build", _ => Task.CompletedTask)
            .Problems();

        Assert.Contains("is a RunBefore prerequisite", Assert.Single(e.Problems), StringComparison.Ordinal);
    }
}
