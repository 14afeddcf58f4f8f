using Serverless.Worker;

namespace Serverless.Host.Timers.Tests.Integration;

public sealed class EverySecondFunction(TimerCalls calls)
{
    [Function("EverySecond")]
    public void Run([TimerTrigger("%TimerSchedule%")] TimerInfo timer) => calls.Add("EverySecond", timer);
}

public sealed class StartupFunction(TimerCalls calls)
{
    [Function("OnStartup")]
    public void Run([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer) => calls.Add("OnStartup", timer);
}

public sealed class HourlyFunction(TimerCalls calls)
{
    [Function("Hourly")]
    public void Run([TimerTrigger("0 0 * * * *")] TimerInfo timer) => calls.Add("Hourly", timer);
}

public sealed class SingletonFunction(TimerCalls calls, SharedCounter counter)
{
    [Function("Singleton")]
    public Task Run([TimerTrigger("* * * * * *")] TimerInfo timer) => calls.AddLongAsync("Singleton", timer, counter);
}

public static class BadCronFunction
{
    [Function("BadCron")]
    public static void Run([TimerTrigger("0 */5 * * * * * *")] TimerInfo timer)
    {
    }
}

public static class WrongParameterFunction
{
    [Function("WrongParameter")]
    public static void Run([TimerTrigger("0 */5 * * * *")] string timer)
    {
    }
}
