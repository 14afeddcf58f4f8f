using Microsoft.Extensions.Configuration;
using Serverless.Host.Timers.Storage;
using Serverless.Worker;
using Serverless.Host.Hosting;

namespace Serverless.Host.Timers.Tests;

public sealed class HostIdsTests
{
    [Theory]
    [InlineData("Serverless.Functions", "serverless-functions")]
    [InlineData("My__App..Name", "my-app-name")]
    [InlineData("A.Very.Long.Application.Assembly.Name.That.Goes.On", "a-very-long-application-assembly")]
    [InlineData("Thirty.One.Chars.And.Then.A.Dot.X", "thirty-one-chars-and-then-a-dot")]
    [InlineData("...", "serverless-host")]
    public void FromName_AssemblyName_LowercaseDashedAtMost32(string name, string expected)
    {
        Assert.Equal(expected, HostIds.FromName(name));
        Assert.True(HostIds.FromName(name).Length <= 32);
    }

    [Fact]
    public void Resolve_SettingSet_WinsOverTheAssemblyName()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [HostIds.SettingName] = "my-host" }).Build();

        Assert.Equal("my-host", HostIds.Resolve(configuration, "Serverless.Functions"));
    }

    [Theory]
    [InlineData("My-Host")]
    [InlineData("-host")]
    [InlineData("host-")]
    [InlineData("a--b")]
    [InlineData("this-host-id-is-much-longer-than-32")]
    public void Resolve_InvalidSetting_ThrowsNamingTheSetting(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [HostIds.SettingName] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => HostIds.Resolve(configuration, "app"));
        Assert.Contains(HostIds.SettingName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusJson_RoundTrip_KeepsUtcTimesAndNever()
    {
        var status = new ScheduleStatus
        {
            Last = default,
            Next = new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc),
            LastUpdated = new DateTime(2026, 1, 1, 9, 35, 12, 345, DateTimeKind.Utc),
        };

        var json = ScheduleStatusJson.Write(status);
        var read = ScheduleStatusJson.Read(json, "test");

        Assert.Equal("{\"Last\":\"0001-01-01T00:00:00\",\"Next\":\"2026-01-01T10:00:00.0000000Z\",\"LastUpdated\":\"2026-01-01T09:35:12.3450000Z\"}", json);
        Assert.Equal(status.Next, read.Next);
        Assert.Equal(status.LastUpdated, read.LastUpdated);
        Assert.Equal(default, read.Last);
    }

    [Fact]
    public void StatusJson_OffsetTimes_ReadAsUtc()
    {
        var read = ScheduleStatusJson.Read("{\"Last\":\"2016-10-04T10:15:00+02:00\",\"Next\":\"2016-10-04T10:20:00+00:00\",\"LastUpdated\":\"2016-10-04T10:16:00Z\"}", "test");

        Assert.Equal(new DateTime(2016, 10, 4, 8, 15, 0, DateTimeKind.Utc), read.Last);
        Assert.Equal(new DateTime(2016, 10, 4, 10, 20, 0, DateTimeKind.Utc), read.Next);
        Assert.Equal(DateTimeKind.Utc, read.Next.Kind);
    }
}
