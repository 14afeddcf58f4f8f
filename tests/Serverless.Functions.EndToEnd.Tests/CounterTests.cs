using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Testing;

namespace Serverless.Functions.EndToEnd.Tests;

/// <summary>The counter entity through its add and get routes.</summary>
public sealed class CounterTests(FunctionsApp app)
{
    [Fact]
    public async Task Counter_TwoAdds_GetAnswersTheirSum()
    {
        var key = $"c{Guid.NewGuid():N}";
        using var client = app.Host.CreateHttpClient();
        using var before = await client.GetAsync(new Uri($"api/counters/{key}", UriKind.Relative));

        using var five = await client.PostAsync(new Uri($"api/counters/{key}/add", UriKind.Relative), new StringContent("5", Encoding.UTF8, "application/json"));
        using var three = await client.PostAsync(new Uri($"api/counters/{key}/add", UriKind.Relative), new StringContent("3", Encoding.UTF8, "application/json"));
        JsonElement counter = default;
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri($"api/counters/{key}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            counter = await response.Content.ReadFromJsonAsync<JsonElement>();
            return counter.Get("value").GetInt32() == 8;
        }, $"counter {key} to be 8");

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, five.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, three.StatusCode);
        Assert.Equal(key, counter.Text("key"));
    }
}
