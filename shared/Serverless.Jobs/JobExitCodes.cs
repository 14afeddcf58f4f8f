namespace Serverless.Jobs;

/// <summary>The exit codes of a process in job mode.</summary>
public static class JobExitCodes
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int InputMissing = 2;
    public const int OutOfMemory = 3;
    public const int Cancelled = 4;
    public const int TimedOut = 5;

    /// <summary>Bad arguments or an unknown task (EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>The outcome could not be written to storage (EX_SOFTWARE).</summary>
    public const int StorageError = 70;

    /// <summary>128 + SIGKILL: what a process killed by the kernel's out-of-memory killer exits with.</summary>
    public const int KilledBySigkill = 137;
}
