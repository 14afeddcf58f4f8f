using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Serverless.Host.Hosting;

namespace Serverless.Host.Http.Keys;

/// <summary>The host id the keys are stored under (<see cref="HostIds"/>: the same rule as the timers' blobs).</summary>
internal sealed class HostIdProvider(IConfiguration configuration, IHostEnvironment environment)
{
    public const string SettingName = HostIds.SettingName;

    public string HostId { get; } = HostIds.Resolve(configuration, environment.ApplicationName);
}
