using System.Globalization;
using System.Text.Json.Nodes;

namespace Serverless.Jobs.ContainerApps;

internal sealed partial class ContainerAppsJobLauncher
{
    /// <summary>The template override of one rank's execution.</summary>
    internal JsonObject Template(JobRequest request, int rank)
    {
        var env = new JsonArray();
        void Add(string name, string value) => env.Add(new JsonObject { ["name"] = name, ["value"] = value });
        foreach (var (name, value) in _aca.Environment)
        {
            Add(name, value);
        }

        foreach (var (name, value) in storage.ToEnvironment())
        {
            Add(name, value);
        }

        Add(JobEnvironment.JobId, request.JobId);
        Add(JobEnvironment.TaskName, request.TaskName);
        Add(JobEnvironment.InputBlob, request.InputBlob);
        Add(JobEnvironment.Rank, rank.ToString(CultureInfo.InvariantCulture));
        Add(JobEnvironment.RankCount, request.Ranks.ToString(CultureInfo.InvariantCulture));
        Add(JobEnvironment.Cpus, request.Cpus.ToString(CultureInfo.InvariantCulture));
        Add(JobEnvironment.TimeoutSeconds, request.EffectiveTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        return new JsonObject
        {
            ["containers"] = new JsonArray
            {
                new JsonObject
                {
                    ["name"] = _aca.ContainerName,
                    ["image"] = _aca.Image,
                    ["args"] = new JsonArray { JobEntryPoint.JobModeSwitch },
                    ["env"] = env,
                    ["resources"] = new JsonObject
                    {
                        ["cpu"] = request.Cpus,
                        ["memory"] = request.MemoryGiB.ToString(CultureInfo.InvariantCulture) + "Gi",
                    },
                },
            },
        };
    }
}
