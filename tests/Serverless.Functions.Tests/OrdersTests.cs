using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;

namespace Serverless.Functions.Tests;

public sealed class OrdersTests
{
    [Fact]
    public async Task Submit_ValidOrder_EnqueuesItAndAnswers202()
    {
        var output = await Orders.Submit(Post("""{"id":"o-1","quantity":2,"item":"pen"}"""));

        Assert.Equal(new Order("o-1", 2, "pen"), output.Order);
        Assert.IsType<AcceptedResult>(output.Result);
    }

    [Theory]
    [InlineData("{not json", "is not a valid JSON Order")]
    [InlineData("null", "must be a JSON Order, not null")]
    [InlineData("""{"id":"o-1","quantity":0,"item":"pen"}""", "The field Quantity must be between 1 and 1000.")]
    [InlineData("""{"quantity":1,"item":"pen"}""", "The Id field is required.")]
    [InlineData("""{"id":"o-1","quantity":"two","item":"pen"}""", "Path: $.quantity")]
    public async Task Submit_BadBody_Answers400NamingTheProblemAndEnqueuesNothing(string body, string problem)
    {
        var output = await Orders.Submit(Post(body));

        Assert.Null(output.Order);
        var result = Assert.IsType<BadRequestObjectResult>(output.Result);
        Assert.Contains(problem, Assert.IsType<string>(result.Value), StringComparison.Ordinal);
    }

    [Fact]
    public void Process_Order_ConfirmsItAtTheCurrentTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        var orders = new Orders(time, new RecordingLogger<Orders>());

        var confirmation = orders.Process(new Order("o-1", 2, "pen"));

        Assert.Equal(new OrderConfirmation("o-1", "pen", 2, time.GetUtcNow()), confirmation);
    }

    private static HttpRequest Post(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }
}
