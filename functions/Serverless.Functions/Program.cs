using Microsoft.Extensions.Hosting;
using Serverless.Host;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Build().Run();
