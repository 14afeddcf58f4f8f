using System.Reflection;

namespace Serverless.Jobs.Local;

/// <summary>The program a local job runs: a file name and the arguments before the job-mode switch.</summary>
internal sealed record JobExecutable(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>
    /// The configured executable (a .dll runs through dotnet), or else this app's own binary: the process path, plus the
    /// entry assembly when the app runs through <c>dotnet app.dll</c>.
    /// </summary>
    public static JobExecutable Resolve(LocalJobsOptions options)
    {
        var configured = options.Executable;
        var prefix = options.Arguments ?? [];
        string file;
        List<string> args;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            (file, args) = configured.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? (DotnetHost(), new List<string> { Path.GetFullPath(configured) })
                : (Path.GetFullPath(configured), new List<string>());
        }
        else
        {
            file = Environment.ProcessPath
                ?? throw new InvalidOperationException(
                    $"The job executable is unknown: set {JobsOptions.SectionName}:Local:Executable.");
            args = [];
            if (IsDotnetHost(file))
            {
                var entry = Assembly.GetEntryAssembly()?.Location;
                if (string.IsNullOrEmpty(entry))
                {
                    throw new InvalidOperationException(
                        $"The app runs through dotnet but its entry assembly is unknown: set {JobsOptions.SectionName}:Local:Executable.");
                }

                args.Add(entry);
            }
        }

        args.AddRange(prefix);
        var directory = string.IsNullOrWhiteSpace(options.WorkingDirectory)
            ? Path.GetDirectoryName(args.Count > 0 && args[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? args[0] : file)!
            : options.WorkingDirectory;
        return new JobExecutable(file, args, directory);
    }

    private static bool IsDotnetHost(string path) =>
        Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);

    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } self && IsDotnetHost(self))
        {
            return self;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}
