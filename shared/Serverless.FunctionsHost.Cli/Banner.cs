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
            text.Append('\t').AppendLine(function.ToString()).AppendLine();
        }

        text.Append("Local host: ").Append(host.Options.EnableAuth ? "keys checked as in Azure (--enableAuth)" : "HTTP functions answer without keys (start with --enableAuth to check them)")
            .Append("; admin API and Durable management API need their keys. ")
            .Append(host.UsesAspNetCoreIntegration ? "HTTP: ASP.NET Core integration." : "HTTP: built-in model.");
        return text.ToString();
    }
}
