using Microsoft.Azure.Functions.Worker;

namespace Serverless.FunctionsHost.TestApp;

public static class TimerFunctions
{
    /// <summary>Each tick leaves a message saying whether it was past due, so tests can see ticks and missed runs.</summary>
    [Function("Tick")]
    [QueueOutput("%TicksQueue%")]
    public static string Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer) =>
        $"{(timer.IsPastDue ? "pastdue" : "ontime")} {Environment.ProcessId}";
}
