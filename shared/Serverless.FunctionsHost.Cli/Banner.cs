using System.Text;
using Serverless.FunctionsHost;

namespace Serverless.FunctionsHost.Cli;

/// <summary>What func start prints once the host runs: the functions, HTTP ones with methods and URL.</summary>
internal static class Banner
{
    public static string Text(LocalFunctionsHost host)
    {
        var text = new StringBuilder();
        text.AppendLine("Functions:").AppendLine();
        foreach (var function in host.Functions)
        {
            // func start prints loopback URLs as localhost.
            text.Append('\t').AppendLine(function.ToString().Replace("://127.0.0.1:", "://localhost:", StringComparison.Ordinal)).AppendLine();
        }

        text.Append("Local host: ").Append(host.Options.EnableAuth ? "keys checked as in Azure (--enableAuth)" : "HTTP functions answer without keys (start with --enableAuth to check them)")
            .Append("; admin API and Durable management API need their keys. ")
            .Append(host.UsesAspNetCoreIntegration ? "HTTP: ASP.NET Core integration." : "HTTP: built-in model.");
        return text.ToString();
    }
}
