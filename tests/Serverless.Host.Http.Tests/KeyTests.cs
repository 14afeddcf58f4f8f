using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Host.Http.Keys;
using Serverless.Testing;

namespace Serverless.Host.Http.Tests;

public sealed class KeyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Get_FunctionAndAdminLevelWithoutKey_401EmptyBody()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)]);
        using var client = host.Client();

        var function = await client.GetAsync("/api/Secured");
        var admin = await client.GetAsync("/api/AdminOnly");
        var wrong = await client.GetAsync("/api/Secured?code=wrong");
        var open = await client.GetAsync("/api/Open");

        Assert.Equal(HttpStatusCode.Unauthorized, function.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Empty(await function.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task Get_FunctionKeyInHeaderOrCodeQuery_200()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)]);
        using var client = host.Client();
        var key = await host.Services.GetRequiredService<IHostKeys>().GetOrCreateFunctionKeyAsync("Secured");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/Secured");
        request.Headers.Add("x-functions-key", key);
        var byHeader = await client.SendAsync(request);
        var byQuery = await client.GetAsync($"/api/Secured?code={Uri.EscapeDataString(key)}");

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal("secured", await byHeader.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
    }

    [Fact]
    public async Task Get_KeysOfOtherScopes_OnlyTheRightOnesPass()
    {
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)]);
        using var client = host.Client();
        var keys = host.Services.GetRequiredService<IHostKeys>();
        var master = await keys.GetMasterKeyAsync();
        var otherFunctionKey = await keys.GetOrCreateFunctionKeyAsync("Other");
        var securedKey = await keys.GetOrCreateFunctionKeyAsync("Secured");
        var systemKey = await keys.GetOrCreateSystemKeyAsync("durabletask_extension");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/Secured?code={master}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/Secured?code={otherFunctionKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/AdminOnly?code={securedKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/AdminOnly?code={master}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/SystemOnly?code={systemKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/SystemOnly?code={securedKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/AdminOnly?code={systemKey}")).StatusCode);
    }

    [Fact]
    public async Task Start_FirstHost_GeneratesKeysIntoBlobsThatASecondHostReuses()
    {
        var hostId = AzuriteFixture.UniqueName("k");
        string master;
        string functionKey;
        await using (var first = await HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)], hostId: hostId))
        {
            master = await first.Services.GetRequiredService<IHostKeys>().GetMasterKeyAsync();
            functionKey = await first.Services.GetRequiredService<IHostKeys>().GetOrCreateFunctionKeyAsync("Secured");
        }

        var container = azurite.BlobService.GetBlobContainerClient("azure-webjobs-secrets");
        using var hostSecrets = JsonDocument.Parse((await container.GetBlobClient($"{hostId}/host.json").DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(master, hostSecrets.RootElement.GetProperty("masterKey").GetProperty("value").GetString());
        Assert.False(hostSecrets.RootElement.GetProperty("masterKey").GetProperty("encrypted").GetBoolean());
        Assert.Equal("default", hostSecrets.RootElement.GetProperty("functionKeys")[0].GetProperty("name").GetString());
        using var functionSecrets = JsonDocument.Parse((await container.GetBlobClient($"{hostId}/secured.json").DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(functionKey, functionSecrets.RootElement.GetProperty("keys")[0].GetProperty("value").GetString());

        await using var second = await HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)], hostId: hostId);
        using var client = second.Client();
        Assert.Equal(master, await second.Services.GetRequiredService<IHostKeys>().GetMasterKeyAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/Secured?code={functionKey}")).StatusCode);
    }

    [Fact]
    public async Task Start_TwoHostsTogetherOnOneAccount_AgreeOnOneMasterKey()
    {
        var hostId = AzuriteFixture.UniqueName("race");
        var starts = Enumerable.Range(0, 2).Select(_ => HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)], hostId: hostId)).ToArray();
        var hosts = await Task.WhenAll(starts);
        try
        {
            var masters = await Task.WhenAll(hosts.Select(h => h.Services.GetRequiredService<IHostKeys>().GetMasterKeyAsync().AsTask()));
            var systemKeys = await Task.WhenAll(hosts.Select(h => h.Services.GetRequiredService<IHostKeys>().GetOrCreateSystemKeyAsync("race").AsTask()));

            Assert.Equal(masters[0], masters[1]);
            Assert.Equal(systemKeys[0], systemKeys[1]);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Get_KeysFromConfiguration_WinOverStoredOnes()
    {
        var settings = new Dictionary<string, string?>
        {
            ["host.master"] = "configured-master",
            ["functions:Secured:default"] = "configured-secured",
            ["host:function:shared"] = "configured-shared",
            ["host.systemKey.durabletask_extension"] = "configured-system",
        };
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)], settings);
        using var client = host.Client();
        var keys = host.Services.GetRequiredService<IHostKeys>();

        Assert.Equal("configured-master", await keys.GetMasterKeyAsync());
        Assert.Equal("configured-system", await keys.GetOrCreateSystemKeyAsync("durabletask_extension"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/AdminOnly?code=configured-master")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/Secured?code=configured-secured")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/Other?code=configured-shared")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/Other?code=configured-secured")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/SystemOnly?code=configured-system")).StatusCode);

        var stored = JsonDocument.Parse((await azurite.BlobService.GetBlobContainerClient("azure-webjobs-secrets")
            .GetBlobClient($"{keys.HostId}/host.json").DownloadContentAsync()).Value.Content.ToString());
        var storedMaster = stored.RootElement.GetProperty("masterKey").GetProperty("value").GetString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/AdminOnly?code={storedMaster}")).StatusCode);
    }

    [Fact]
    public async Task Get_SystemKeyAddedByAnotherHost_AcceptedOnceTheCacheIsOld()
    {
        var hostId = AzuriteFixture.UniqueName("sys");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = await HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)], hostId: hostId,
            configureServices: s => s.AddSingleton<TimeProvider>(clock));
        await using var second = await HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)], hostId: hostId);
        using var client = first.Client();

        var key = await second.Services.GetRequiredService<IHostKeys>().GetOrCreateSystemKeyAsync("late");
        var beforeRefresh = await client.GetAsync($"/api/SystemOnly?code={key}");
        clock.Advance(HostKeys.RefreshAfter);
        var afterRefresh = await client.GetAsync($"/api/SystemOnly?code={key}");

        Assert.Equal(HttpStatusCode.Unauthorized, beforeRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterRefresh.StatusCode);
    }

    [Fact]
    public async Task Start_EncryptedKeysFromAzureFunctions_FailsSayingWhy()
    {
        var hostId = AzuriteFixture.UniqueName("enc");
        var container = azurite.BlobService.GetBlobContainerClient("azure-webjobs-secrets");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{hostId}/host.json").UploadAsync(BinaryData.FromString(
            """{"masterKey":{"name":"master","value":"CfDJ8...","encrypted":true},"functionKeys":[],"systemKeys":[]}"""));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)], hostId: hostId));

        Assert.Contains("encrypted", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{hostId}/host.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_KeysUnreadableAtRequestTime_500WithoutDetails()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await HttpHosts.StartAsync(azurite, [typeof(KeyFunctions)], configureServices: s => s.AddSingleton<TimeProvider>(clock));
        using var client = host.Client();
        var keys = host.Services.GetRequiredService<IHostKeys>();
        await azurite.BlobService.GetBlobContainerClient("azure-webjobs-secrets").GetBlobClient($"{keys.HostId}/host.json")
            .UploadAsync(BinaryData.FromString("{ broken"), overwrite: true);
        clock.Advance(HostKeys.RefreshAfter);

        var function = await client.GetAsync("/api/Secured?code=unknown");
        var admin = await client.GetAsync("/admin/host/status?code=unknown");

        Assert.Equal(HttpStatusCode.InternalServerError, function.StatusCode);
        Assert.DoesNotContain("broken", await function.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, admin.StatusCode);
    }
}
