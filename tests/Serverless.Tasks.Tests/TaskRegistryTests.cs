using Serverless.Tasks.Registry;

namespace Serverless.Tasks.Tests;

public sealed class TaskRegistryTests
{
    public static class GoodTasks
    {
        [Task("ship", Namespace = "Orders", Priority = TaskPriority.High, Cron = "0 9 * * MON-FRI", TimeZone = "Europe/Berlin",
            MisfireGraceTime = "00:05:00", Coalesce = false, MaxInstances = 2, MaxConcurrency = 4, RetryPolicy = TaskRetryPolicy.RetryOnce,
            RetryDelay = "00:00:02", MaxRetryDelay = "00:01:00", RetryJitter = false, OnFailure = "alert", RunAfter = "notify",
            DefaultParameters = """{"id":"o-1"}""", Timeout = "01:00:00")]
        public static Shipment Ship(TaskContext<Order> context) => new(context.Parameters.Id, context.Parameters.Quantity);

        [Task("notify", Every = "00:00:10", StartAt = "2026-01-01T00:00:00Z", Jitter = "00:00:01", DefaultParameters = """{"orderId":"x","parcels":0}""")]
        public static Task Notify(TaskContext<Shipment> context) => Task.CompletedTask;

        [Task("alert", RetryPolicy = TaskRetryPolicy.RetryAlways)]
        public static void Alert(TaskContext<TaskFailure> context)
        {
        }

        [Task("crunch", CpuBound = true, Cpus = 2, MemoryGiB = 4, Ranks = 4, Nodes = 2, Opportunistic = true, Trigger = "every(01:00:00) or at(2026-12-01T00:00:00Z)")]
        public static int Crunch(TaskContext context) => 42;
    }

    [Fact]
    public void Build_AttributeOptions_BecomeDefinitions()
    {
        var catalog = new TaskRegistry().AddTasksFrom(typeof(GoodTasks)).Build();

        var ship = catalog.Get("SHIP");
        Assert.Equal("orders", ship.Namespace);
        Assert.Equal(TaskPriority.High, ship.Priority);
        Assert.Equal("cron(0 9 * * MON-FRI, tz=Europe/Berlin)", ship.Trigger!.ToString());
        Assert.Equal(TimeSpan.FromMinutes(5), ship.MisfireGraceTime);
        Assert.False(ship.Coalesce);
        Assert.Equal((2, 4, 1), (ship.MaxInstances, ship.MaxConcurrency, ship.MaxRetries));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), false), (ship.RetryDelay, ship.MaxRetryDelay, ship.RetryJitter));
        Assert.Equal(("alert", "notify"), (ship.OnFailure, ship.RunAfter));
        Assert.Equal("""{"id":"o-1"}""", ship.DefaultParameters);
        Assert.Equal(TimeSpan.FromHours(1), ship.Timeout);
        Assert.Equal(typeof(Order), ship.ParametersType);
        Assert.Equal(typeof(Shipment), ship.ResultType);
        Assert.True(ship.HasDependencies);
        Assert.False(ship.AtMostOnce);
        Assert.Equal(typeof(GoodTasks).FullName + ".Ship", ship.DeclaredAt);

        Assert.Equal("every(00:00:10, start=2026-01-01T00:00:00Z, jitter=00:00:01)", catalog.Get("notify").Trigger!.ToString());
        Assert.Equal(int.MaxValue, catalog.Get("alert").MaxRetries);
        var crunch = catalog.Get("crunch");
        Assert.Equal(new TaskResources(2, 4, 4, 2), crunch.CpuBound);
        Assert.True(crunch.Opportunistic);
        Assert.Null(crunch.ParametersType);
        Assert.Null(crunch.DefaultParameters);
        Assert.Equal(["orders", "default"], catalog.Namespaces.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Build_Defaults_AsDocumented()
    {
        var task = new TaskRegistry().Add("plain", _ => Task.CompletedTask).Build().Get("plain");

        Assert.Equal((TaskDefaults.Namespace, TaskPriority.Normal, 1, 0, 0), (task.Namespace, task.Priority, task.MaxInstances, task.MaxConcurrency, task.MaxRetries));
        Assert.Equal((TaskDefaults.RetryDelay, TaskDefaults.MaxRetryDelay, TaskDefaults.Timeout), (task.RetryDelay, task.MaxRetryDelay, task.Timeout));
        Assert.True(task.AtMostOnce && task.Coalesce && task.RetryJitter);
        Assert.Null(task.Trigger);
        Assert.Null(task.CpuBound);
        Assert.Equal(DelegateTasks.DeclaredAt, task.DeclaredAt);
    }

    [Fact]
    public void Build_ComposedRegistries_AllTasksOnceEach()
    {
        var library = new TaskRegistry().Add("lib.a", _ => Task.CompletedTask);
        var app = new TaskRegistry().Add(library).Add(library).Add("app.b", _ => Task.CompletedTask);
        library.Add("lib.c", _ => Task.CompletedTask);

        var catalog = app.Build();

        Assert.Equal(["app.b", "lib.a", "lib.c"], catalog.Tasks.Select(t => t.Name));
    }

    [Fact]
    public void Build_SameDeclarationsThroughTwoRegistries_OneTaskEach()
    {
        // A library's own registry and the app's assembly scan both reach the library's [Task] methods.
        var library = new TaskRegistry().AddTasksFrom(typeof(GoodTasks));
        var scan = new TaskRegistry().AddTasksFrom(typeof(GoodTasks));

        var catalog = new TaskRegistry().Add(library).Add(scan).Build();

        Assert.Equal(new TaskRegistry().AddTasksFrom(typeof(GoodTasks)).Build().Tasks.Select(t => t.Name), catalog.Tasks.Select(t => t.Name));
    }

    [Fact]
    public void Build_DuplicateNameAcrossRegistries_NamesBothPlaces()
    {
        var library = new TaskRegistry().AddTasksFrom(typeof(GoodTasks));
        var app = new TaskRegistry().Add(library).Add("Notify", _ => Task.CompletedTask);

        var e = app.Problems();

        var problem = Assert.Single(e.Problems);
        Assert.Contains("is declared twice", problem, StringComparison.Ordinal);
        Assert.Contains(typeof(GoodTasks).FullName + ".Notify", problem, StringComparison.Ordinal);
        Assert.Contains("registered by a call", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RetryPolicyNever_AtMostOnce()
    {
        var task = new TaskRegistry().Add("t", _ => Task.CompletedTask, o => (o.MaxRetries, o.RetryPolicy) = (5, TaskRetryPolicy.Never)).Build().Get("t");

        Assert.Equal(0, task.MaxRetries);
        Assert.True(task.AtMostOnce);
    }

    [Fact]
    public void Build_AssemblyScan_FindsEveryDeclaringType()
    {
        // The test assembly holds bad declarations on purpose, in several classes: the scan reports them all.
        var e = new TaskRegistry().AddTasksFrom(typeof(TaskRegistryTests).Assembly).Problems();

        Assert.Contains(e.Problems, p => p.Contains("cycle", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("CpuBound needs a static method", StringComparison.Ordinal));
        Assert.DoesNotContain(e.Problems, p => p.Contains("'ship'", StringComparison.Ordinal));
    }

    [Fact]
    public void AddTasksFrom_TypeWithoutTasks_Problem()
    {
        var e = new TaskRegistry().AddTasksFrom<Recorder>().Problems();

        Assert.Contains(e.Problems, p => p.Contains(typeof(Recorder).FullName!, StringComparison.Ordinal) && p.Contains("no [Task] methods", StringComparison.Ordinal));
    }
}
