using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// TESTAPP_HTTP_MODEL=builtin runs the HTTP functions on the built-in model (HttpRequestData over the RPC channel);
// otherwise ASP.NET Core integration (the host proxies requests to the worker's own Kestrel).
var builder = FunctionsApplication.CreateBuilder(args);
if (Environment.GetEnvironmentVariable("TESTAPP_HTTP_MODEL") != "builtin")
{
    builder.ConfigureFunctionsWebApplication();
}

builder.Build().Run();
