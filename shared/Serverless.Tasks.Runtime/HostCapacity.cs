using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Serverless.Tasks.Runtime;

/// <summary>
/// The machine's idle capacity for opportunistic runs: CPU use below <see cref="TasksOptions.OpportunisticCpuThreshold"/>
/// (a threshold of 1 never holds a run back for CPU) and enough available memory. CPU use is measured at most every <see cref="TasksOptions.OpportunisticCheckInterval"/>:
/// on Linux from /proc/stat deltas (the whole machine), elsewhere from this process's CPU time over the cores. Available
/// memory is /proc/meminfo MemAvailable on Linux, else the GC's view (total available minus memory load). Container
/// CPU quotas are not read: the measure is the machine's.
/// </summary>
internal sealed class HostCapacity(IOptions<TasksOptions> options, TimeProvider time) : IHostCapacity
{
    private readonly Lock _gate = new();
    private DateTimeOffset _measuredAt = DateTimeOffset.MinValue;
    private (long Busy, long Total)? _lastCpu;
    /// <summary>Busy until two samples give a measure: a host is not called idle before it has looked.</summary>
    private double _cpu = 1;

    /// <summary>The CPU use (0..1) of the last measure.</summary>
    public double CpuUse
    {
        get
        {
            Measure();
            return _cpu;
        }
    }

    public bool HasIdleCapacity(double memoryGiB)
    {
        Measure();
        var threshold = options.Value.OpportunisticCpuThreshold;
        return (threshold >= 1 || _cpu < threshold) && AvailableMemoryGiB() >= memoryGiB;
    }

    private void Measure()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _measuredAt < options.Value.OpportunisticCheckInterval)
            {
                return;
            }

            _measuredAt = now;
            var sample = ReadCpu();
            if (_lastCpu is { } last && sample.Total > last.Total)
            {
                _cpu = Math.Clamp((double)(sample.Busy - last.Busy) / (sample.Total - last.Total), 0, 1);
            }

            _lastCpu = sample;
        }
    }

    /// <summary>Busy and total CPU time: /proc/stat jiffies on Linux, else this process's CPU ticks and wall ticks times cores.</summary>
    private static (long Busy, long Total) ReadCpu()
    {
        if (OperatingSystem.IsLinux() && File.Exists("/proc/stat"))
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
            var total = fields.Sum();
            return (total - idle, total);
        }

        using var process = Process.GetCurrentProcess();
        return (process.TotalProcessorTime.Ticks, Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency * Environment.ProcessorCount);
    }

    private static double AvailableMemoryGiB()
    {
        const double GiB = 1024d * 1024 * 1024;
        if (OperatingSystem.IsLinux() && File.Exists("/proc/meminfo"))
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            if (line is not null)
            {
                var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return kb * 1024 / GiB;
            }
        }

        var info = GC.GetGCMemoryInfo();
        return (info.TotalAvailableMemoryBytes - info.MemoryLoadBytes) / GiB;
    }
}
