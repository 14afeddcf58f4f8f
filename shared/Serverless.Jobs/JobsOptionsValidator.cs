using Microsoft.Extensions.Options;

namespace Serverless.Jobs;

/// <summary>Checks the job settings at start; every error names its configuration key.</summary>
internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    private const string Prefix = JobsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ContainerName) || options.ContainerName.Length is < 3 or > 63
            || !options.ContainerName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add($"{Prefix}:ContainerName is '{options.ContainerName}', expected a blob container name (3-63 of a-z, 0-9, '-').");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}:PollInterval is '{options.PollInterval}', expected a positive time span.");
        }

        if (options.CheckInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Prefix}:CheckInterval is '{options.CheckInterval}', expected a positive time span.");
        }

        if (options.ChecksPerGeneration < 1)
        {
            errors.Add($"{Prefix}:ChecksPerGeneration is '{options.ChecksPerGeneration}', expected 1 or more.");
        }

        if (options.CompletionQueue is { Length: > 0 } queue && (queue.Length is < 3 or > 63
            || !queue.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || queue.StartsWith('-') || queue.EndsWith('-') || queue.Contains("--", StringComparison.Ordinal)))
        {
            errors.Add($"{Prefix}:CompletionQueue is '{queue}', expected a queue name (3-63 of a-z, 0-9 and single '-', not at either end).");
        }

        var local = options.Local;
        if (local.MaxCpus is <= 0)
        {
            errors.Add($"{Prefix}:Local:MaxCpus is '{local.MaxCpus}', expected a number > 0.");
        }

        if (local.MaxMemoryGiB is <= 0)
        {
            errors.Add($"{Prefix}:Local:MaxMemoryGiB is '{local.MaxMemoryGiB}', expected a number > 0.");
        }

        if (local.StderrTailLines < 0 || local.MaxLogChars < 0)
        {
            errors.Add($"{Prefix}:Local:StderrTailLines and {Prefix}:Local:MaxLogChars must not be negative.");
        }

        if (options.Launcher == JobLauncherKind.Local && !string.IsNullOrWhiteSpace(local.Executable) && !File.Exists(local.Executable))
        {
            errors.Add($"{Prefix}:Local:Executable is '{local.Executable}', which does not exist.");
        }

        if (options.Launcher == JobLauncherKind.ContainerApps)
        {
            var aca = options.ContainerApps;
            Require(aca.SubscriptionId, "SubscriptionId");
            Require(aca.ResourceGroup, "ResourceGroup");
            Require(aca.JobName, "JobName");
            Require(aca.Image, "Image");
            Require(aca.ApiVersion, "ApiVersion");
            Require(aca.ContainerName, "ContainerName");
            if (aca.ArmEndpoint is null || !aca.ArmEndpoint.IsAbsoluteUri)
            {
                errors.Add($"{Prefix}:ContainerApps:ArmEndpoint is '{aca.ArmEndpoint}', expected an absolute URI.");
            }

            if (aca.PollInterval <= TimeSpan.Zero)
            {
                errors.Add($"{Prefix}:ContainerApps:PollInterval is '{aca.PollInterval}', expected a positive time span.");
            }

            void Require(string? value, string key)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    errors.Add($"{Prefix}:ContainerApps:{key} is required when {Prefix}:Launcher is ContainerApps.");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
