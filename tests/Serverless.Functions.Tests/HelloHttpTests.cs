using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Functions.Tests;

public sealed class HelloHttpTests
{
    [Theory]
    [InlineData("?name=Ada", "Hello, Ada!")]
    [InlineData("", "Hello, world!")]
    [InlineData("?name=", "Hello, world!")]
    public void Run_Query_GreetsTheName(string query, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);

        var result = Assert.IsType<OkObjectResult>(HelloHttp.Run(context.Request));

        Assert.Equal(expected, result.Value);
    }
}
