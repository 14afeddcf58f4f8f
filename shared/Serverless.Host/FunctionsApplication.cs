namespace Serverless.Host;

/// <summary>Entry point of a function app, as in the isolated worker: <c>FunctionsApplication.CreateBuilder(args).Build().Run()</c>.</summary>
public static class FunctionsApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args) => new(new FunctionsApplicationOptions { Args = args });

    public static FunctionsApplicationBuilder CreateBuilder(FunctionsApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new FunctionsApplicationBuilder(options);
    }
}
