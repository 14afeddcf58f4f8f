using System.Diagnostics;
using System.Globalization;

namespace Serverless.Jobs.Local;

/// <summary>The command line and environment of a rank's process: job mode, the job's identity, rank, limits and storage.</summary>
internal sealed partial class LocalProcessJobLauncher
{
    private ProcessStartInfo CreateStartInfo(JobRequest request, int rank)
    {
        var executable = _executable.Value;
        var info = new ProcessStartInfo(executable.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = executable.WorkingDirectory,
        };
        foreach (var argument in executable.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(JobEntryPoint.JobModeSwitch);
        var env = info.Environment;
        env[JobEnvironment.JobId] = request.JobId;
        env[JobEnvironment.TaskName] = request.TaskName;
        env[JobEnvironment.InputBlob] = request.InputBlob;
        env[JobEnvironment.Rank] = rank.ToString(CultureInfo.InvariantCulture);
        env[JobEnvironment.RankCount] = request.Ranks.ToString(CultureInfo.InvariantCulture);
        env[JobEnvironment.Cpus] = request.Cpus.ToString(CultureInfo.InvariantCulture);
        env[JobEnvironment.TimeoutSeconds] = request.EffectiveTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        env["DOTNET_PROCESSOR_COUNT"] = Math.Max(1, (int)Math.Ceiling(request.Cpus)).ToString(CultureInfo.InvariantCulture);
        if (_local.LimitGcHeap)
        {
            env["DOTNET_GCHeapHardLimit"] = ((long)(request.MemoryGiB * (1L << 30))).ToString("X", CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in _storage.ToEnvironment())
        {
            env[key] = value;
        }

        return info;
    }
}
