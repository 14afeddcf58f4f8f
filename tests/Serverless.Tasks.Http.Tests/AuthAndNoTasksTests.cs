using System.Net;
using Serverless.Testing;

namespace Serverless.Tasks.Http.Tests;

public sealed class AuthAndNoTasksTests(AzuriteFixture azurite)
{
    private static readonly (HttpMethod Method, string Path)[] Routes =
    [
        (HttpMethod.Get, "/admin/tasks"),
        (HttpMethod.Get, "/admin/tasks/greet"),
        (HttpMethod.Post, "/admin/tasks/greet/runs"),
        (HttpMethod.Get, "/admin/runs"),
        (HttpMethod.Get, "/admin/runs/some-run"),
        (HttpMethod.Post, "/admin/runs/some-run/abort"),
        (HttpMethod.Get, "/admin/schedules"),
        (HttpMethod.Get, "/admin/schedules/hourly"),
        (HttpMethod.Post, "/admin/schedules"),
        (HttpMethod.Put, "/admin/schedules/hourly/trigger"),
        (HttpMethod.Post, "/admin/schedules/hourly/pause"),
        (HttpMethod.Post, "/admin/schedules/hourly/resume"),
        (HttpMethod.Post, "/admin/schedules/hourly/run"),
        (HttpMethod.Delete, "/admin/schedules/hourly"),
    ];

    [Fact]
    public async Task EveryRoute_NoKeyOrWrongKey_401AndNothingChanges()
    {
        await using var host = await TaskHost.StartAsync(azurite);
        using var anonymous = host.AnonymousClient();

        foreach (var (method, path) in Routes)
        {
            using var noKey = new HttpRequestMessage(method, path) { Content = new StringContent("{\"trigger\":\"every(00:01:00)\"}") };
            using var wrongKey = new HttpRequestMessage(method, path + "?code=not-the-master-key") { Content = new StringContent("{}") };
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(noKey)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrongKey)).StatusCode);
        }

        using var client = host.Client();
        var schedule = await (await client.GetAsync("/admin/schedules/hourly")).ReadJsonAsync();
        Assert.False(schedule.GetProperty("paused").GetBoolean());
        Assert.Equal(0, (await (await client.GetAsync("/admin/runs")).ReadJsonAsync()).GetArrayLength());
    }

    [Theory]
    [InlineData(TaskSetup.None)]
    [InlineData(TaskSetup.Empty)]
    public async Task EveryRoute_AppWithoutTasks_404NoTasksInThisApp(TaskSetup setup)
    {
        await using var host = await TaskHost.StartAsync(azurite, setup);
        using var client = host.Client();

        foreach (var (method, path) in Routes)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent("{\"trigger\":\"every(00:01:00)\"}") };
            using var response = await client.SendAsync(request);
            Assert.True(HttpStatusCode.NotFound == response.StatusCode, $"{method} {path}: {response.StatusCode}");
            var problem = await response.ReadJsonAsync();
            Assert.Equal("no tasks in this app", problem.GetProperty("detail").GetString());
        }

        using var anonymous = host.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/admin/tasks")).StatusCode);
    }
}
