using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Host.Configuration;
using Serverless.Host.Hosting;
using Serverless.Host.Indexing;
using Serverless.Host.Invocation;
using Serverless.Host.Listeners;
using Serverless.Host.Storage;

namespace Serverless.Host;

/// <summary>
/// Builds a function app: configuration from host.json, local.settings.json, environment and command line; the
/// extensions found on the app's assemblies; Kestrel on port 7071 (Host:LocalHttpPort, --port) unless urls are set.
/// </summary>
public sealed class FunctionsApplicationBuilder : IHostApplicationBuilder
{
    /// <summary>The port func start uses.</summary>
    public const int DefaultHttpPort = 7071;

    private readonly WebApplicationBuilder _web;
    private readonly FunctionsApplicationOptions _options;
    private readonly IReadOnlyList<Assembly> _assemblies;

    internal FunctionsApplicationBuilder(FunctionsApplicationOptions options)
    {
        _options = options;
        var scriptRoot = HostConfigurationFiles.FindScriptRoot(options.ScriptRoot);
        _web = WebApplication.CreateBuilder(new WebApplicationOptions { Args = WithoutPort(options.Args, out var port), ContentRootPath = scriptRoot });

        // host.json and local.settings.json come first, so environment variables and the command line override them.
        _web.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = HostConfigurationFiles.ReadHostJson(scriptRoot) });
        if (options.UseLocalSettings)
        {
            _web.Configuration.Sources.Insert(1, new MemoryConfigurationSource { InitialData = HostConfigurationFiles.ReadLocalSettings(scriptRoot) });
        }

        _web.Logging.AddConfiguration(_web.Configuration.GetSection(FunctionHostOptions.SectionName + ":logging"));
        _web.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        _web.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        _web.Logging.AddSimpleConsole(o => o.SingleLine = true);

        if (string.IsNullOrEmpty(_web.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            var httpPort = port ?? ReadPort(_web.Configuration);
            // Kestrel binds a dynamic port (0) only on an IP address, not on "localhost".
            _web.WebHost.UseUrls(httpPort == 0 ? "http://127.0.0.1:0" : $"http://localhost:{httpPort}");
        }

        var application = options.ApplicationAssembly ?? Assembly.GetEntryAssembly()
            ?? throw new InvalidOperationException("No entry assembly: set FunctionsApplicationOptions.ApplicationAssembly.");
        _assemblies = AssemblyScanner.AppAssemblies(application);
        AddHostServices(_web.Services);
        foreach (var extension in AssemblyScanner.Extensions(_assemblies.Concat(options.FunctionTypes?.Select(t => t.Assembly) ?? [])))
        {
            extension.Configure(_web.Services, _web.Configuration);
        }
    }

    public IServiceCollection Services => _web.Services;

    public IConfigurationManager Configuration => _web.Configuration;

    public IHostEnvironment Environment => _web.Environment;

    public ILoggingBuilder Logging => _web.Logging;

    public IMetricsBuilder Metrics => _web.Metrics;

    public IDictionary<object, object> Properties => ((IHostApplicationBuilder)_web).Properties;

    public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
        where TContainerBuilder : notnull
        => ((IHostApplicationBuilder)_web).ConfigureContainer(factory, configure);

    /// <summary>Builds the app. Throws FunctionIndexingException listing every badly declared function.</summary>
    public IHost Build()
    {
        var app = _web.Build();
        _ = app.Services.GetRequiredService<FunctionCatalog>();
        foreach (var contributor in app.Services.GetServices<IEndpointContributor>())
        {
            contributor.MapEndpoints(app);
        }

        return app;
    }

    private void AddHostServices(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StorageConnections>();
        if (_options.StartAzurite)
        {
            services.AddHostedService<AzuriteAutoStart>();
        }

        var schema = services.GetHostJsonSchema();
        services.AddOptions<FunctionHostOptions>()
            .BindConfiguration(FunctionHostOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FunctionHostOptions>>(sp => new HostJsonValidator(schema, sp.GetRequiredService<IConfiguration>()));

        services.AddSingleton<FunctionIndexer>();
        var types = _options.FunctionTypes ?? AssemblyScanner.FunctionTypes(_assemblies).ToList();
        services.AddSingleton(sp => new FunctionCatalog(sp.GetRequiredService<FunctionIndexer>().Index(types)));
        services.AddSingleton<IFunctionExecutor, FunctionExecutor>();
        services.AddHostedService<ListenerHost>();
    }

    private static int ReadPort(IConfiguration configuration)
    {
        var value = configuration["Host:LocalHttpPort"];
        if (value is null)
        {
            return DefaultHttpPort;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"Setting 'Host:LocalHttpPort' is '{value}': expected a port number from 0 to 65535.");
    }

    private static string[] WithoutPort(string[] args, out int? port)
    {
        port = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--port" or "-p")
            {
                if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > 65535)
                {
                    throw new ArgumentException($"Command-line option '{args[i]}' needs a port number from 0 to 65535.");
                }

                port = p;
                i++;
                continue;
            }

            // A bare flag (--in-memory) becomes flag=true, so it reads like any other setting.
            var bare = args[i].StartsWith("--", StringComparison.Ordinal) && !args[i].Contains('=', StringComparison.Ordinal)
                && (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal));
            rest.Add(bare ? args[i] + "=true" : args[i]);
        }

        return [.. rest];
    }

    private sealed class HostJsonValidator(HostJsonSchema schema, IConfiguration configuration) : IValidateOptions<FunctionHostOptions>
    {
        public ValidateOptionsResult Validate(string? name, FunctionHostOptions options)
        {
            var problems = schema.Validate(configuration);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
