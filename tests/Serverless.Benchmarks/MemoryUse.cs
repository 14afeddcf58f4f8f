using System.Globalization;

namespace Serverless.Benchmarks;

/// <summary>Resident memory of the host (this process: the host runs in it) and of its worker process, from /proc.</summary>
internal sealed record MemoryUse(double HostMegabytes, double WorkerMegabytes)
{
    public double TotalMegabytes => HostMegabytes + WorkerMegabytes;

    public static MemoryUse Measure(int? workerProcessId)
    {
        var worker = workerProcessId ?? throw new InvalidOperationException("The host has no running worker to measure.");
        return new MemoryUse(ProcessStats.RssMegabytes(Environment.ProcessId), ProcessStats.RssMegabytes(worker));
    }
}

/// <summary>Resident memory and CPU time of a process, from /proc/&lt;pid&gt;.</summary>
internal static class ProcessStats
{
    /// <summary>VmRSS of /proc/&lt;pid&gt;/status in MB (the working set .NET reports on Linux).</summary>
    public static double RssMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line.");
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>User + system CPU time (utime and stime of /proc/&lt;pid&gt;/stat, in clock ticks of 10 ms).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}

/// <summary>CPU time used by Azurite, this process (the host) and the worker since it was made, per item of work.</summary>
internal sealed class CpuMeter(int azurite, int host, int worker)
{
    private readonly TimeSpan[] _start = [ProcessStats.CpuTime(azurite), ProcessStats.CpuTime(host), ProcessStats.CpuTime(worker)];

    public string PerItem(int items)
    {
        var used = new[] { azurite, host, worker }.Select((pid, i) => (ProcessStats.CpuTime(pid) - _start[i]).TotalMilliseconds / items).ToArray();
        return $"Azurite {Stats.Ms(used[0])}, host (this process) {Stats.Ms(used[1])}, worker {Stats.Ms(used[2])}";
    }
}
