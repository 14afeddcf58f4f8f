using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// TESTAPP_HTTP_MODEL=builtin runs the HTTP functions on the built-in model (HttpRequestData over the RPC channel);
// otherwise ASP.NET Core integration (the host proxies requests to the worker's own Kestrel).
if (Environment.GetEnvironmentVariable("TESTAPP_FAIL_AT_START") is { Length: > 0 } reason)
{
    // A worker that cannot start: the host must stop its own start with this exit code and stderr.
    Console.Error.WriteLine($"TestApp refuses to start: {reason}");
    return 3;
}

var builder = FunctionsApplication.CreateBuilder(args);
if (Environment.GetEnvironmentVariable("TESTAPP_HTTP_MODEL") != "builtin")
{
    builder.ConfigureFunctionsWebApplication();
}

builder.Build().Run();
return 0;
