using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Jobs.ContainerApps;
using Serverless.Jobs.Local;
using Serverless.Testing;

namespace Serverless.Jobs.Tests.TestSupport;

/// <summary>The Container Apps launcher against <see cref="FakeArm"/> and a real Azurite.</summary>
internal sealed class AcaHarness : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Process> _processes = new();

    private AcaHarness(FakeArm arm, AzuriteFixture azurite, Action<ContainerAppsJobsOptions>? configure)
    {
        Arm = arm;
        var options = new JobsOptions
        {
            Launcher = JobLauncherKind.ContainerApps,
            Storage = azurite.ConnectionString,
            ContainerName = AzuriteFixture.UniqueName("acajobs"),
        };
        var aca = options.ContainerApps;
        aca.ArmEndpoint = arm.Endpoint;
        aca.SubscriptionId = FakeArm.Subscription;
        aca.ResourceGroup = FakeArm.ResourceGroup;
        aca.JobName = FakeArm.Job;
        aca.Image = "crjobs.azurecr.io/serverless-app:1.0";
        aca.PollInterval = TimeSpan.FromMilliseconds(50);
        aca.Environment["AZURE_CLIENT_ID"] = "11111111-2222-3333-4444-555555555555";
        configure?.Invoke(aca);
        Storage = new JobStorageSettings(azurite.ConnectionString, options.ContainerName, null);
        Store = new JobStore(new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, options.ContainerName));
        var client = new ArmJobsClient(aca, Credential, TimeProvider.System, arm.Transport);
        Launcher = new ContainerAppsJobLauncher(client, Store, Storage, Options.Create(options), TimeProvider.System,
            NullLogger<ContainerAppsJobLauncher>.Instance);
    }

    public FakeArm Arm { get; }

    public StaticTokenCredential Credential { get; } = new(FakeArm.Token);

    public JobStorageSettings Storage { get; }

    public JobStore Store { get; }

    public ContainerAppsJobLauncher Launcher { get; }

    public static async Task<AcaHarness> CreateAsync(AzuriteFixture azurite, Action<ContainerAppsJobsOptions>? configure = null) =>
        new(await FakeArm.StartAsync(), azurite, configure);

    /// <summary>
    /// Makes the fake run each started execution for real: the TestJob binary in job mode with the env of the template
    /// override, reporting Running until it exits, then Succeeded or Failed by exit code (as Container Apps does).
    /// </summary>
    public void RunExecutionsForReal()
    {
        var executable = JobExecutable.Resolve(new LocalJobsOptions
        {
            Executable = Path.Combine(AppContext.BaseDirectory, "Serverless.Jobs.TestJob.dll"),
        });
        Arm.OnStarted = (name, body) =>
        {
            var container = body["containers"]![0]!;
            var info = new ProcessStartInfo(executable.FileName) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in executable.Arguments)
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var argument in container["args"]!.AsArray())
            {
                info.ArgumentList.Add(argument!.GetValue<string>());
            }

            foreach (var variable in container["env"]!.AsArray())
            {
                info.Environment[variable!["name"]!.GetValue<string>()] = variable["value"]!.GetValue<string>();
            }

            var process = Process.Start(info)!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _processes[name] = process;
        };
        Arm.OnStopped = name =>
        {
            if (_processes.TryGetValue(name, out var process) && !process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        };
        Arm.StatusOf = name => _processes.TryGetValue(name, out var process) && process.HasExited
            ? process.ExitCode == 0 ? "Succeeded" : Arm.Stopped.Contains(name) ? "Stopped" : "Failed"
            : "Running";
    }

    public static JsonObject EnvOf(string body) =>
        new(JsonNode.Parse(body)!["containers"]![0]!["env"]!.AsArray()
            .Select(e => KeyValuePair.Create(e!["name"]!.GetValue<string>(), (JsonNode?)JsonValue.Create(e["value"]!.GetValue<string>()))));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        await Arm.DisposeAsync();
    }
}
